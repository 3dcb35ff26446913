/** Runs one task when a slot is free; the promise settles as the task does. */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/** A limit of at most `size` tasks running at once (at least one); waiting tasks start in the order they were asked for. */
export function limitConcurrency(size: number): Limit {
  const slots = Math.max(1, size);
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    active -= 1;
    waiting.shift()?.();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        active += 1;
        // A task that throws before returning its promise still frees its slot.
        Promise.resolve().then(task).then(resolve, reject).finally(release);
      };
      if (active < slots) start();
      else waiting.push(start);
    });
}

/** Runs tasks with at most `limit` at a time; results come back in the tasks' order. */
export async function runPool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const run = limitConcurrency(limit);
  return Promise.all(tasks.map((task) => run(task)));
}
