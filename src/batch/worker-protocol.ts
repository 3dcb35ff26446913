import type { GradedSubmission } from './types.js';

/** What the parent sends a grading worker: one submission to grade. */
export interface WorkerRequest {
  readonly index: number;
  readonly source: string;
}

/** What a grading worker sends back when that submission is done. */
export interface WorkerReply {
  readonly index: number;
  readonly result: GradedSubmission;
}
