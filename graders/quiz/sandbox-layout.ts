/** The folders and branches of the concepts sandbox: one repo and two linked worktrees beside it. */
export const LAYOUT = {
  main: 'concepts',
  a: 'concepts-a',
  b: 'concepts-b',
  branchA: 'topic-a',
  branchB: 'topic-b',
  /** A tracked file every proof may edit and must restore. */
  trackedFile: 'notes.txt',
  trackedText: 'first line\n',
  /** The runtime file the lab's app writes, ignored as in the lab. */
  stateFile: 'tasks.json',
} as const;
