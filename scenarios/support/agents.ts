import { REMAINING, WIPE, type Feature } from '../../graders/lab.js';
import type { AgentName, AgentPlan } from '../../src/lab/agent-plan.js';

function planOf(feature: Feature): AgentPlan {
  return { agent: feature.agent, command: feature.key, branch: feature.branch, worktree: feature.folder, message: `Add ${feature.command} command` };
}

/** Agent A: adds `wipe` on its branch in its worktree. */
export const A: AgentPlan = planOf(WIPE);

/** Agent B: adds `remaining` on its branch in its worktree. */
export const B: AgentPlan = planOf(REMAINING);

/** The plan of the agent that adds a command. */
export function planFor(command: AgentName): AgentPlan {
  return command === A.command ? A : B;
}
