import type { Probe, ProofOutcome, QuizItem } from './types.js';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The two linked worktrees of the concepts sandbox, relative to its work folder: changes are made in `a`, looked at from `b`. */
export interface ProofWorktrees {
  readonly a: string;
  readonly b: string;
}

/**
 * Runs one item's proof in the concepts sandbox: act in worktree A, look from A (the change must
 * show there) and from B (shows: shared; does not: per-worktree), then undo. Never throws: a proof
 * that cannot decide comes back without an answer and says why.
 */
export async function proveItem(item: QuizItem, probe: Probe, worktrees: ProofWorktrees): Promise<ProofOutcome> {
  const LAYOUT = worktrees;
  let outcome: ProofOutcome;
  try {
    await item.proof.act(probe, LAYOUT.a);
    const here = await item.proof.look(probe, LAYOUT.a);
    const there = await item.proof.look(probe, LAYOUT.b);
    const evidence = `changed in ${LAYOUT.a}; from ${LAYOUT.a}: ${here.saw}; from ${LAYOUT.b}: ${there.saw}`;
    outcome = here.seen
      ? { id: item.id, answer: there.seen ? 'shared' : 'per-worktree', evidence }
      : { id: item.id, answer: undefined, evidence: `the change does not show even where it was made; ${evidence}` };
  } catch (error) {
    outcome = { id: item.id, answer: undefined, evidence: messageOf(error) };
  }
  try {
    await item.proof.undo(probe, LAYOUT.a);
  } catch (error) {
    return { id: item.id, answer: undefined, evidence: `${outcome.evidence}; undoing the proof failed: ${messageOf(error)}` };
  }
  return outcome;
}
