import type { GitBinary } from '../git/git-binary.js';
import type { LabQuiz } from '../lab/define-lab.js';
import { resolveLabFolder } from '../lab/lab-folder.js';
import { itemsDigest } from './items-digest.js';
import { wtlabCacheDir } from '../paths/cache-dir.js';
import { answerKeyFile, readCachedKey, writeCachedKey } from './key-cache.js';
import type { Answer, AnswerKey, ProofOutcome } from './types.js';

export interface DeriveAnswerKeyOptions {
  /** The lab's quiz: its items and the scenario that proves them. */
  readonly quiz: LabQuiz;
  /** Where `concepts-<version>-<digest>.json` is kept. @default `wtlabCacheDir()` */
  readonly cacheDir?: string;
  /** Prove again even when a cached key exists (and rewrite the cache). @default false */
  readonly refresh?: boolean;
}

/** Thrown when the proofs could not produce a key: a bug or a git that behaves unexpectedly, never the learner's fault. */
export class AnswerKeyError extends Error {
  override readonly name = 'AnswerKeyError';
}

/**
 * The quiz answer key as `git` itself shows it: runs the `concepts` scenario (one sandbox, every
 * proof in turn) unless a key proven on this git version is cached, and caches what it proves.
 */
export async function deriveAnswerKey(git: GitBinary, options: DeriveAnswerKeyOptions): Promise<AnswerKey> {
  const cacheDir = options.cacheDir ?? wtlabCacheDir();
  const items = options.quiz.items;
  const ids = items.map((item) => item.id);
  const digest = itemsDigest(items);
  const file = answerKeyFile(cacheDir, git.version, digest);
  if (!options.refresh) {
    const cached = readCachedKey(file, { gitVersion: git.version, itemIds: ids, itemsDigest: digest });
    if (cached !== undefined) return cached;
  }
  const outcomes: ProofOutcome[] = [];
  // The scenario engine loads only when a key must be proven, so a grade with a cached key starts fast.
  const [buildProofs, { runScenario }] = await Promise.all([options.quiz.proofs(), import('../scenario/run-scenario.js')]);
  const { result } = await runScenario(buildProofs({ items, onProof: (outcome) => outcomes.push(outcome) }), { git, lab: resolveLabFolder() });
  const broken = result.steps.filter((step) => step.status === 'fail');
  if (broken.length > 0 || outcomes.length !== ids.length) {
    const reasons = broken.map((step) => `${step.name}: ${step.failures.join('; ')}`).join('\n');
    throw new AnswerKeyError(`the concepts proofs did not finish on git ${git.version}. Run: wtlab scenarios concepts --git ${git.path}\n${reasons}`);
  }
  const answers: Record<string, Answer> = {};
  for (const outcome of outcomes) if (outcome.answer !== undefined) answers[outcome.id] = outcome.answer;
  const key: AnswerKey = { schemaVersion: 1, git: git.version, itemsDigest: digest, derivedAt: new Date().toISOString(), answers, proofs: outcomes };
  writeCachedKey(file, cacheDir, key);
  return key;
}
