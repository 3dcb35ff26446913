import type { CliChange } from './segments.js';

/** Changes to agents' cli.py code that make a command misbehave, as a learner might let through. */
export const BUGS = {
  /** remaining counts every task, not the pending ones. */
  remainingCountsAll: { find: 'print(f"{len(tasks.pending())} pending")', replace: 'print(f"{len(tasks.items)} pending")' },
  /** remaining says it in other words than `N pending`. */
  remainingWrongMessage: { find: 'print(f"{len(tasks.pending())} pending")', replace: 'print(f"pending tasks: {len(tasks.pending())}")' },
  /** remaining never returns. */
  remainingHangs: { find: '            print(f"{len(tasks.pending())} pending")\n', replace: '            while True:\n                pass\n' },
  /** wipe empties the list in memory but never saves it. */
  wipeNotSaved: { find: '            removed = tasks.wipe()\n            tasks.save()\n', replace: '            removed = tasks.wipe()\n' },
  /** wipe empties the list without a word. */
  wipeSilent: { find: '            print(f"wiped {removed} tasks")\n', replace: '            pass\n' },
  /** the count command lost while resolving the conflict. */
  countLost: { find: '        elif command == "count":\n            print(f"{len(tasks.items)} tasks")\n', replace: '' },
  /** a colon lost while resolving the conflict: cli.py no longer compiles. */
  syntaxError: { find: 'elif command == "remaining":', replace: 'elif command == "remaining"' },
} as const satisfies Record<string, CliChange>;
