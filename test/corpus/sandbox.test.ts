import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GradeReport } from '../../src/grade/report-types.js';
import { findBubblewrap, findUnshare } from '../../src/sandbox/plan-sandbox.js';
import { probeSandbox } from '../../src/sandbox/probe-sandbox.js';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { makeKit, removeCorpusFolders, runCorpusCase, type CorpusCase } from '../support/corpus.js';
import { wtlab } from '../support/cli.js';
import { processesWith } from '../support/processes.js';
import { snapshotTree } from '../support/tree-snapshot.js';

afterAll(removeCorpusFolders);

const PATH = process.env.PATH ?? '/usr/bin:/bin';

/** A PATH that has unshare but no bwrap: node, git, python3 and util-linux's unshare. */
function unshareOnlyPath(): string {
  const bin = mkdtempSync(join(tmpdir(), 'wtlab-unshare-only-'));
  chmodSync(bin, 0o755);
  for (const name of ['node', 'git', 'python3', 'unshare']) {
    const found = name === 'node' ? process.execPath : locateExecutable(name, name === 'python3' ? '/usr/bin:/bin' : PATH);
    if (found !== undefined) symlinkSync(found, join(bin, name));
  }
  return bin;
}

/** Each sandbox wtlab can make, with the environment that picks it and why it cannot be tried here. */
const TOOLS = [
  {
    tool: 'bubblewrap',
    env: {} as Record<string, string>,
    missing: () => (findBubblewrap(PATH) === undefined ? 'bubblewrap is not installed here' : undefined),
  },
  {
    tool: 'unshare',
    env: { PATH: unshareOnlyPath() },
    missing: () => (findUnshare(PATH) === undefined ? 'util-linux unshare is not installed here' : undefined),
  },
] as const;

/** A cli.py that prints the usage, but for `list` runs `attack` and prints its one line `RESULT <json>` (shown in the report's evidence). */
function appThat(attack: string): string {
  return [
    'import json, os, signal, socket, subprocess, sys, time',
    'if sys.argv[1:2] == ["list"]:',
    '    found = []',
    ...attack.split('\n').map((line) => `    ${line}`),
    '    print("RESULT " + json.dumps(found))',
    '    sys.exit(0)',
    'print("usage: cli.py add|list|done|count|delete")',
    '',
  ].join('\n');
}

/** The line the attack printed, from the evidence of the check that shows `list`. */
function attackResult(report: GradeReport): string[] {
  const text = JSON.stringify(report);
  const match = /RESULT (\[.*?\])/.exec(text.replace(/\\"/g, '"'));
  if (match === null) throw new Error(`the attack printed nothing the report shows: ${text.slice(0, 2000)}`);
  return JSON.parse(match[1] as string) as string[];
}

function sandboxed(report: GradeReport): void {
  expect(report.warnings ?? []).toEqual([]);
}

const SECRET = `canary-${process.pid}-grader-secret`;

/** Reads every environ and cmdline it can in /proc, keeping what mentions the secret. */
const READ_PROC = `
for pid in ["1", "self", str(os.getppid())] + [name for name in os.listdir("/proc") if name.isdigit()]:
    for part in ("environ", "cmdline"):
        try:
            text = open(f"/proc/{pid}/{part}", "rb").read().decode("utf-8", "replace")
        except OSError as error:
            continue
        if "${SECRET}" in text:
            found.append(f"{pid}/{part}")`;

/** The hostile apps, run under one sandbox (`env` picks it). */
const casesFor = (env: Record<string, string>): readonly CorpusCase[] => [
  {
    name: "the grader's environment: not in /proc/1, /proc/<ppid> or any /proc the app can see",
    build: async (kit) => ({ source: await kit.startRepo('tasks-app', { files: { 'cli.py': appThat(READ_PROC) } }), env: { ...env, WTLAB_CANARY: SECRET } }),
    expected: {
      exit: 1,
      report: (report) => {
        sandboxed(report);
        expect(attackResult(report)).toEqual([]);
        expect(JSON.stringify(report)).not.toContain(SECRET);
      },
    },
  },
  {
    name: 'the same app without a sandbox finds the secret (the check above can fail)',
    build: async (kit) => ({
      source: await kit.startRepo('tasks-app', { files: { 'cli.py': appThat(READ_PROC) } }),
      env: { ...env, WTLAB_CANARY: SECRET, WTLAB_SANDBOX: 'none' },
    }),
    expected: {
      exit: 1,
      report: (report) => {
        expect(report.warnings?.join('\n')).toMatch(/ran without a sandbox \(WTLAB_SANDBOX=none\)/);
        expect(attackResult(report).length).toBeGreaterThan(0);
      },
    },
  },
  {
    name: 'limits: at most 64 processes at once, 1 GiB of memory, 64 MiB per file (a fork bomb, a memory hog, a disk filler stop early)',
    build: async (kit) => {
      const attack = [
        'n = 0',
        'try:',
        '    for _ in range(200):',
        '        if os.fork() == 0:',
        '            time.sleep(2)',
        '            os._exit(0)',
        '        n += 1',
        'except OSError:',
        '    pass',
        'found.append("processes limited" if n < 64 else f"forked {n}")',
        'try:',
        '    hog = bytearray(2 * 1024 ** 3)',
        '    found.append("got 2 GiB")',
        'except MemoryError:',
        '    found.append("memory limited")',
        'try:',
        '    with open(os.path.join(os.environ["TMPDIR"], "big"), "wb") as big:',
        '        for _ in range(100):',
        '            big.write(b"x" * 1024 * 1024)',
        '    found.append("wrote 100 MiB")',
        'except OSError:',
        '    found.append("file size limited")',
      ].join('\n');
      return { source: await kit.startRepo('tasks-app', { files: { 'cli.py': appThat(attack) } }), env };
    },
    expected: {
      exit: 1,
      report: (report) => {
        sandboxed(report);
        expect(attackResult(report)).toEqual(['processes limited', 'memory limited', 'file size limited']);
      },
    },
  },
  {
    name: 'the submission: not writable, not even visible, at the path it was given (hashes before and after)',
    build: async (kit) => {
      const repo = join(kit.dir, 'tasks-app');
      const attack = [
        `for target in (${JSON.stringify(repo)}, ${JSON.stringify(join(repo, '.git'))}):`,
        '    for name in ("cli.py", "pwned", "config"):',
        '        try:',
        '            with open(os.path.join(target, name), "a") as handle:',
        '                handle.write("pwned")',
        '            found.append(os.path.join(target, name))',
        '        except OSError:',
        '            pass',
        `found.append("visible" if os.path.exists(${JSON.stringify(repo)}) else "hidden")`,
      ].join('\n');
      return { source: await kit.startRepo('tasks-app', { files: { 'cli.py': appThat(attack) } }), env };
    },
    expected: { exit: 1, report: (report) => expect(attackResult(report)).toEqual(['hidden']) },
  },
  {
    name: 'SIGKILL and SIGSTOP to its parent, to PID 1 and to every process it can see: the report still comes',
    build: async (kit) => {
      const attack = [
        'for pid in sorted({1, os.getppid()} | {int(name) for name in os.listdir("/proc") if name.isdigit()}):',
        '    if pid == os.getpid():',
        '        continue',
        '    for sig in (signal.SIGSTOP, signal.SIGKILL):',
        '        try:',
        '            os.kill(pid, sig)',
        '            found.append(f"{pid}:{sig.name}")',
        '        except OSError:',
        '            pass',
      ].join('\n');
      return { source: await kit.startRepo('tasks-app', { files: { 'cli.py': appThat(attack) } }), env };
    },
    expected: {
      exit: 1,
      // The signals were sent (the kernel took them) and dropped: the driver, PID 1, answered after them.
      report: (report) => expect(attackResult(report)).toEqual(expect.arrayContaining(['1:SIGSTOP', '1:SIGKILL'])),
    },
  },
  {
    name: 'kill(-1, SIGKILL) and a SIGKILL to its driver: the run goes on, the report comes (no ENOTEMPTY, no exit 70)',
    build: async (kit) => ({
      env,
      source: await kit.startRepo('tasks-app', {
        files: {
          'cli.py': appThat(
            'for pid in (-1, os.getppid()):\n    try:\n        os.kill(pid, signal.SIGKILL)\n    except OSError:\n        pass\nfound.append("alive")',
          ),
        },
      }),
    }),
    expected: {
      exit: 1,
      report: (report) => {
        sandboxed(report);
        // Every other process in its namespace died; its driver (PID 1) and the app itself did not.
        expect(attackResult(report)).toEqual(['alive']);
        const ran = report.criteria.find((criterion) => criterion.id === 'merged')?.checks.find((check) => check.id === 'app-runs');
        expect(ran?.status).toBe('pass');
      },
    },
  },
];

afterAll(() => rmSync(TOOLS[1].env.PATH, { recursive: true, force: true }));

/**
 * The tools that really make a sandbox here. These apps kill every process they can see: run without a
 * sandbox as root they would take the machine's other processes down, so they never run where the probe
 * fails, and every sandboxed run passes --require-sandbox (no silent fallback).
 */
const USABLE = (await Promise.all(TOOLS.map(async (tool) => ({ ...tool, problem: tool.missing() ?? (await probeSandbox(tool.env.PATH ?? PATH)) })))).filter(
  (tool) => tool.problem === undefined,
);
const REQUIRE = ['--require-sandbox'];

function requiringSandbox(corpusCase: CorpusCase): CorpusCase {
  return {
    ...corpusCase,
    build: async (kit) => {
      const built = await corpusCase.build(kit);
      return built.env?.WTLAB_SANDBOX === 'none' ? built : { ...built, args: [...(built.args ?? []), ...REQUIRE] };
    },
  };
}

describe.each(USABLE)("corpus: the learner's app in a sandbox made by $tool", ({ env }) => {
  it.concurrent.each(casesFor(env).map((corpusCase) => [corpusCase.name, requiringSandbox(corpusCase)] as const))('%s', async (_name, corpusCase) => {
    await runCorpusCase(corpusCase);
  });
});

/** A folder anyone can enter, for TMPDIR: the sandbox's workspace is made there, so it shows whether one is left. */
function privateTmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wtlab-sandbox-tmp-'));
  chmodSync(dir, 0o1777);
  privateTmps.push(dir);
  return dir;
}
const privateTmps: string[] = [];
afterAll(() => {
  for (const dir of privateTmps) rmSync(dir, { recursive: true, force: true });
});

describe.each(USABLE)('the sandbox made by $tool, graded through the CLI', ({ env }) => {
  it('processes the app starts (forked, setsid, double-forked) are gone when the grade ends, and so is its workspace', async () => {
    const marker = `wtlab-marker-${process.pid}-${Date.now()}`;
    const attack = [
      `subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", "${marker}-popen"], start_new_session=True)`,
      'if os.fork() == 0:',
      '    os.setsid()',
      '    if os.fork() == 0:',
      `        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(120)", "${marker}-daemon"])`,
      '    os._exit(0)',
      'time.sleep(0.5)',
      `found.extend(open(f"/proc/{pid}/cmdline").read().split("\\0")[-2] for pid in os.listdir("/proc") if pid.isdigit() and "${marker}" in open(f"/proc/{pid}/cmdline").read())`,
    ].join('\n');
    const kit = await makeKit('sandbox-children');
    const repo = await kit.startRepo('tasks-app', { files: { 'cli.py': appThat(attack) } });
    const tmp = privateTmp();
    const run = await wtlab(['grade', repo, '--format', 'json', ...REQUIRE], { cwd: kit.dir, env: { ...env, TMPDIR: tmp } });
    expect(run.exitCode, run.stderr).toBe(1);
    // They were running inside while the app ran...
    expect(attackResult(JSON.parse(run.stdout) as GradeReport).sort()).toEqual([`${marker}-daemon`, `${marker}-popen`]);
    // ...and none is left now.
    expect(processesWith(marker)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  // As root every sandbox's app runs as 65534, and RLIMIT_NPROC (64) counts a user's processes per user namespace.
  it.runIf(process.getuid?.() === 0)('forks while 64 processes of user 65534 run outside it: only its own processes count against its limit', async () => {
    const outside: ChildProcess[] = [];
    try {
      for (let i = 0; i < 70; i += 1) outside.push(spawn('sleep', ['300'], { uid: 65534, gid: 65534, stdio: 'ignore' }));
      await Promise.all(outside.map((child) => new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject))));
      const attack = ['subprocess.run([sys.executable, "-c", "pass"], check=True)', 'found.append("forked")'].join('\n');
      const kit = await makeKit('sandbox-nproc');
      const repo = await kit.startRepo('tasks-app', { files: { 'cli.py': appThat(attack) } });
      const run = await wtlab(['grade', repo, '--format', 'json', ...REQUIRE], { cwd: kit.dir, env });
      expect(attackResult(JSON.parse(run.stdout) as GradeReport)).toEqual(['forked']);
    } finally {
      for (const child of outside) child.kill('SIGKILL');
    }
  });

  it('the network, loopback included: a listener the test opens on 127.0.0.1 gets no connection', async () => {
    const connections: string[] = [];
    const server: Server = createServer((socket) => {
      connections.push('connected');
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const attack = [
        'try:',
        `    socket.create_connection(("127.0.0.1", ${port}), timeout=2).close()`,
        '    found.append("connected")',
        'except OSError as error:',
        '    found.append(type(error).__name__)',
      ].join('\n');
      const kit = await makeKit('sandbox-network');
      const repo = await kit.startRepo('tasks-app', { files: { 'cli.py': appThat(attack) } });
      const run = await wtlab(['grade', repo, '--format', 'json'], { cwd: kit.dir, env });
      // Refused by the sandbox's own loopback (bubblewrap brings it up), unreachable without one (unshare leaves it down).
      expect(attackResult(JSON.parse(run.stdout) as GradeReport)[0]).toMatch(/ConnectionRefusedError|OSError|TimeoutError/);
      expect(connections).toEqual([]);
      // Without a sandbox the same app reaches it: the test above can fail.
      const open = await wtlab(['grade', repo, '--format', 'json'], { cwd: kit.dir, env: { ...env, WTLAB_SANDBOX: 'none' } });
      expect(attackResult(JSON.parse(open.stdout) as GradeReport)).toEqual(['connected']);
      expect(connections.length).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });

  it('in a batch (--jobs 2), an app that kills every process it sees hurts only its own grade', async () => {
    const kit = await makeKit('sandbox-batch');
    const killer = [
      'for pid in [int(name) for name in os.listdir("/proc") if name.isdigit()]:',
      '    try:',
      '        os.kill(pid, signal.SIGKILL)',
      '    except OSError:',
      '        pass',
      'os.kill(-1, signal.SIGKILL)',
    ].join('\n');
    const sources = [
      await kit.startRepo('a'),
      await kit.startRepo('killer', { files: { 'cli.py': appThat(killer) } }),
      await kit.startRepo('b'),
      await kit.startRepo('c'),
      await kit.startRepo('d'),
    ];
    const before = await Promise.all(sources.map((source) => snapshotTree(source)));
    const run = await wtlab(['grade', ...sources, '--jobs', '2', '--format', 'json', ...REQUIRE], { cwd: kit.dir, env });
    expect(run.exitCode, run.stderr).toBe(1);
    const reports = JSON.parse(run.stdout) as GradeReport[];
    expect(reports.map((report) => report.submission)).toEqual(sources);
    expect(reports.map((report) => report.error)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const appRuns = reports.map(
      (report) => report.criteria.find((criterion) => criterion.id === 'merged')?.checks.find((check) => check.id === 'app-runs')?.status,
    );
    expect(appRuns).toEqual(['pass', 'fail', 'pass', 'pass', 'pass']);
    expect(await Promise.all(sources.map((source) => snapshotTree(source)))).toEqual(before);
  });
});
