import { describe, expect, it } from 'vitest';
import { limitConcurrency } from '../../src/scenario/run-pool.js';

/** A task that records when it starts and ends, and finishes when its gate is opened. */
function gated(log: string[], name: string) {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const task = async () => {
    log.push(`start ${name}`);
    await gate;
    log.push(`end ${name}`);
    return name;
  };
  return { task, open };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('limitConcurrency', () => {
  it('starts at most `size` tasks, the next one when a slot frees, in the order they were asked for', async () => {
    const log: string[] = [];
    const limit = limitConcurrency(2);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => gated(log, name));
    const results = [a, b, c, d].map((one) => limit(one!.task));
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    b!.open();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    a!.open();
    c!.open();
    d!.open();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(log.filter((line) => line.startsWith('start'))).toEqual(['start a', 'start b', 'start c', 'start d']);
  });

  it('passes a failure on to its caller and frees the slot, also for a task that throws before returning a promise', async () => {
    const limit = limitConcurrency(1);
    const thrown = limit(() => {
      throw new Error('at once');
    });
    const rejected = limit(() => Promise.reject(new Error('later')));
    const after = limit(async () => 'ran');
    await expect(thrown).rejects.toThrow('at once');
    await expect(rejected).rejects.toThrow('later');
    expect(await after).toBe('ran');
  });

  it('treats a size below one as one', async () => {
    let running = 0;
    let most = 0;
    const limit = limitConcurrency(0);
    const task = async () => {
      running += 1;
      most = Math.max(most, running);
      await settle();
      running -= 1;
    };
    await Promise.all([limit(task), limit(task), limit(task)]);
    expect(most).toBe(1);
  });
});
