import type { Scenario } from '../src/scenario/types.js';
import agents from './agents.js';
import concepts from './concepts.js';
import lab from './lab.js';

/** Every scenario wtlab knows, in the order `wtlab scenarios` runs them. A new scenario is one file and one line here. */
export const scenarios: readonly Scenario[] = [lab, concepts, agents];
