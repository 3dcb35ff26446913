import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConceptsScenario } from '../../scenarios/concepts.js';
import { resolveGitBinary } from '../../src/git/git-binary.js';
import { wtlabCacheDir } from '../../src/quiz/key-cache.js';
import type { ProofOutcome } from '../../src/quiz/types.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { testLab } from '../helpers/git.js';
import { TEXTBOOK } from './textbook.js';

/** Git binaries a colleague's `wtlab git install` left in the cache (`git/<version>/wtlab-git.json`). */
function cachedGits(): { version: string; bin: string }[] {
  const root = join(wtlabCacheDir(), 'git');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((entry) => {
    try {
      const manifest = JSON.parse(readFileSync(join(root, entry, 'wtlab-git.json'), 'utf8')) as { version?: unknown; bin?: unknown };
      return typeof manifest.version === 'string' && typeof manifest.bin === 'string' && existsSync(manifest.bin) ? [{ version: manifest.version, bin: manifest.bin }] : [];
    } catch {
      return [];
    }
  });
}

const gits = cachedGits();

describe.skipIf(gits.length === 0)('the concepts scenario on every cached git version', () => {
  it.each(gits)('git $version: every proof decides and agrees with the documentation', async ({ version, bin }) => {
    const git = await resolveGitBinary(bin);
    expect(git.version).toBe(version);
    const outcomes: ProofOutcome[] = [];
    const { result } = await runScenario(buildConceptsScenario({ onProof: (outcome) => outcomes.push(outcome) }), { git, lab: testLab() });
    expect(result.steps.filter((step) => step.status === 'fail').map((step) => `${step.name}: ${step.failures.join('; ')}`)).toEqual([]);
    expect(Object.fromEntries(outcomes.map((outcome) => [outcome.id, outcome.answer]))).toEqual(TEXTBOOK);
  });
});
