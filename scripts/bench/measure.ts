import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** One timed run of a command: wall time, the peak memory seen, and what it printed. */
export interface TimedRun {
  readonly wallMs: number;
  /** Largest resident set of any one process in the run's tree (GNU time's %M), in KiB; undefined without /usr/bin/time. */
  readonly maxRssKb: number | undefined;
  /** Largest sum of resident sets over the run's whole process tree, sampled every 100 ms, in KiB. */
  readonly treeRssKb: number;
  /** User plus system CPU seconds of the run and the children it waited for (GNU time's %U + %S); undefined without /usr/bin/time. */
  readonly cpuSeconds: number | undefined;
  /**
   * CPU seconds the whole machine was busy during the run (/proc/stat), which also counts processes
   * the run started but did not wait for (a worker's Python) and anything else running; undefined off Linux.
   */
  readonly machineBusySeconds: number | undefined;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Exit codes that count as success. @default [0] */
  readonly okCodes?: readonly number[];
}

const TIME = '/usr/bin/time';

/** Busy jiffies of all CPUs so far (user, nice, system, irq, softirq, steal), or undefined without /proc/stat. */
function busyTicks(): number | undefined {
  try {
    const fields = (/^cpu\s+(.*)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? '').split(/\s+/).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return user + nice + system + irq + softirq + steal;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/stat: 100 on Linux. */
const TICKS_PER_SECOND = 100;

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`, { withFileTypes: true })) {
    const text = readFileSync(`/proc/${pid}/task/${task.name}/children`, 'utf8');
    found.push(...text.split(' ').filter(Boolean).map(Number));
  }
  return found;
}

/** The summed resident set of a process and all its descendants, in KiB (0 once it is gone). */
function treeRss(root: number): number {
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    try {
      const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
      total += (pages * 4096) / 1024;
      queue.push(...childrenOf(pid));
    } catch {
      // The process ended between two reads.
    }
  }
  return total;
}

/** Runs a command once, timing it from spawn to exit, with GNU time's peak RSS when /usr/bin/time exists. */
export async function timeCommand(command: readonly string[], options: RunOptions): Promise<TimedRun> {
  const rssFile = join(options.cwd, `.bench-rss-${process.pid}-${Date.now()}`);
  const useTime = existsSync(TIME);
  const argv = useTime ? [TIME, '-f', '%M %U %S', '-o', rssFile, ...command] : [...command];
  const busyBefore = busyTicks();
  const started = performance.now();
  const child = spawn(argv[0] as string, argv.slice(1), { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  let peakTree = 0;
  const sampler = setInterval(() => {
    if (child.pid !== undefined) peakTree = Math.max(peakTree, treeRss(child.pid));
  }, 100);
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 128)));
  const wallMs = performance.now() - started;
  const busyAfter = busyTicks();
  const machineBusySeconds = busyBefore === undefined || busyAfter === undefined ? undefined : (busyAfter - busyBefore) / TICKS_PER_SECOND;
  clearInterval(sampler);
  let maxRssKb: number | undefined;
  let cpuSeconds: number | undefined;
  if (useTime && existsSync(rssFile)) {
    const last = readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '';
    const found = /^(\d+) ([\d.]+) ([\d.]+)$/.exec(last);
    maxRssKb = found ? Number(found[1]) : undefined;
    cpuSeconds = found ? Number(found[2]) + Number(found[3]) : undefined;
    rmSync(rssFile, { force: true });
  }
  const run = {
    wallMs,
    maxRssKb,
    cpuSeconds,
    machineBusySeconds,
    treeRssKb: peakTree,
    exitCode,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
  if (!(options.okCodes ?? [0]).includes(exitCode)) {
    throw new Error(`\`${command.join(' ')}\` exited ${exitCode}:\n${run.stderr.slice(-2000)}`);
  }
  return run;
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Runs several commands in turn, `repeats` rounds, so machine noise falls on all of them alike; returns each one's runs. */
export async function interleave(
  commands: readonly { readonly argv: readonly string[]; readonly options: RunOptions }[],
  repeats: number,
): Promise<TimedRun[][]> {
  const runs: TimedRun[][] = commands.map(() => []);
  for (let round = 0; round < repeats; round += 1) {
    for (const [index, command] of commands.entries()) runs[index]?.push(await timeCommand(command.argv, command.options));
  }
  return runs;
}
