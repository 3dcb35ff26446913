import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { makeWorkspace } from '../../src/sandbox/app-workspace.js';
import { findBubblewrap, findUnshare, planSandbox, type SandboxPlan } from '../../src/sandbox/plan-sandbox.js';
import { probeSandbox } from '../../src/sandbox/probe-sandbox.js';
import { installPrefix, programView, venvRoot } from '../../src/sandbox/program-view.js';
import { sandboxUser } from '../../src/sandbox/sandbox-user.js';

const SYSTEM_PYTHON = '/usr/bin/python3';
const hasPython = locateExecutable(SYSTEM_PYTHON) !== undefined;
const PATH = process.env.PATH ?? '/usr/bin:/bin';

// Readable by anyone on the way down (as root the sandbox starts as nobody): a secret hidden only by mode bits proves nothing.
const root = mkdtempSync(join(tmpdir(), 'wtlab-program-view-'));
chmodSync(root, 0o755);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(...parts: string[]): string {
  const dir = join(root, ...parts);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}

function secretIn(dir: string): string {
  const file = join(dir, 'secret.txt');
  writeFileSync(file, 'wtlab-canary-7f3a\n', { mode: 0o644 });
  return file;
}

/** The layouts a grader's python3 comes in, each with a secret next to it that the app must not read. */
interface Layouts {
  /** `<home-like>/bin/python3 -> /usr/bin/python3`, as a link in `~/bin`: `<home-like>/secret.txt`. */
  readonly link: { readonly bin: string; readonly secret: string };
  /** `/usr/bin/python3 -m venv --without-pip <venv>`, in a folder holding a secret. */
  readonly venv: { readonly dir: string; readonly secret: string };
  /** A pyenv-like prefix: `<pfx>/bin/python3` a real file, `<pfx>/lib/python3.X` the stdlib (a farm of links), `<pfx>/lib/marker.txt`. */
  readonly prefix: { readonly dir: string; readonly version: string; readonly secret: string };
  /** A real python3 alone in a folder (`/home/u/python3`): the folder above holds a secret. */
  readonly bare: { readonly dir: string; readonly secret: string };
}

let layouts: Layouts;

beforeAll(async () => {
  if (!hasPython) return;
  const real = realpathSync(SYSTEM_PYTHON);
  const homeLike = folder('home-like');
  symlinkSync(SYSTEM_PYTHON, join(folder('home-like', 'bin'), 'python3'));

  const venvParent = folder('venv-parent');
  await execa(SYSTEM_PYTHON, ['-m', 'venv', '--without-pip', join(venvParent, 'venv')]);

  const version = (await execa(SYSTEM_PYTHON, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'])).stdout.trim();
  const pfxParent = folder('pfx-parent');
  const pfx = join(pfxParent, 'pfx');
  copyFileSync(real, join(folder('pfx-parent', 'pfx', 'bin'), 'python3'));
  chmodSync(join(pfx, 'bin', 'python3'), 0o755);
  const stdlib = folder('pfx-parent', 'pfx', 'lib', `python${version}`);
  for (const name of readdirSync(`/usr/lib/python${version}`)) symlinkSync(`/usr/lib/python${version}/${name}`, join(stdlib, name));
  writeFileSync(join(pfx, 'lib', 'marker.txt'), 'in the prefix\n', { mode: 0o644 });

  const bareParent = folder('bare-parent');
  copyFileSync(real, join(folder('bare-parent', 'u'), 'python3'));
  chmodSync(join(bareParent, 'u', 'python3'), 0o755);

  layouts = {
    link: { bin: join(homeLike, 'bin'), secret: secretIn(homeLike) },
    venv: { dir: join(venvParent, 'venv'), secret: secretIn(venvParent) },
    prefix: { dir: pfx, version, secret: secretIn(pfxParent) },
    bare: { dir: join(bareParent, 'u'), secret: secretIn(bareParent) },
  };
}, 60_000);

describe.skipIf(!hasPython)('programView', () => {
  it('a link outside the system folders whose folder is no venv: started by its real file, nothing of its folder shown', () => {
    const view = programView({ program: join(layouts.link.bin, 'python3') });
    expect(view).toEqual({ run: realpathSync(SYSTEM_PYTHON), readable: [] });
  });

  it('a venv: its folder (pyvenv.cfg) shown and its python started as found; the base under /usr adds nothing', () => {
    const program = join(layouts.venv.dir, 'bin', 'python3');
    expect(venvRoot(program)).toBe(layouts.venv.dir);
    expect(programView({ program })).toEqual({ run: program, readable: [layouts.venv.dir] });
  });

  it('a real python in <pfx>/bin with <pfx>/lib/pythonX.Y/os.py: the prefix shown, nothing above it', () => {
    const program = join(layouts.prefix.dir, 'bin', 'python3');
    expect(installPrefix(join(layouts.prefix.dir, 'bin'))).toBe(layouts.prefix.dir);
    expect(programView({ program })).toEqual({ run: program, readable: [layouts.prefix.dir] });
  });

  it('a link into a prefix: the prefix of the real file, not the link folder', () => {
    const links = folder('links-to-pfx', 'bin');
    symlinkSync(join(layouts.prefix.dir, 'bin', 'python3'), join(links, 'python3'));
    expect(programView({ program: join(links, 'python3') })).toEqual({ run: join(layouts.prefix.dir, 'bin', 'python3'), readable: [layouts.prefix.dir] });
  });

  it('a real python alone in a folder (no lib/pythonX.Y/os.py above it): the file alone', () => {
    const program = join(layouts.bare.dir, 'python3');
    expect(installPrefix(layouts.bare.dir)).toBeUndefined();
    expect(programView({ program })).toEqual({ run: program, readable: [program] });
  });

  it('a folder named lib/python3.X without os.py is no prefix; a prefix that holds a guarded folder is not shown whole', () => {
    const fake = folder('fake-prefix');
    folder('fake-prefix', 'lib', 'python3.99');
    folder('fake-prefix', 'bin');
    expect(installPrefix(join(fake, 'bin'))).toBeUndefined();
    const program = join(layouts.prefix.dir, 'bin', 'python3');
    expect(programView({ program, guarded: [join(layouts.prefix.dir, 'work')] })).toEqual({ run: program, readable: [program] });
  });

  it('a program under the system folders: started as found (a multi-call link keeps its name), nothing more shown', () => {
    expect(programView({ program: SYSTEM_PYTHON })).toEqual({ run: SYSTEM_PYTHON, readable: [] });
  });
});

/** What the app reports from inside: its prefix, and whether each path can be read. */
const PROBE = [
  'import json, os, sys',
  'def readable(path):',
  '    try:',
  '        with open(path) as f: return f.read()',
  '    except OSError as e: return type(e).__name__',
  'print(json.dumps({"prefix": sys.prefix, "base": sys.base_prefix, "read": {p: readable(p) for p in sys.argv[1:]}}))',
].join('\n');

interface Probed {
  readonly prefix: string;
  readonly base: string;
  readonly read: Record<string, string>;
}

/** Each sandbox wtlab can make: the PATH tail that picks it (no bwrap on it picks unshare), and why it cannot be tried here. */
const TOOLS = [
  { tool: 'bubblewrap', tail: () => PATH, missing: () => (findBubblewrap(PATH) === undefined ? 'bubblewrap is not installed here' : undefined) },
  {
    tool: 'unshare',
    tail: () => {
      const bin = folder('unshare-only');
      if (findUnshare(PATH) !== undefined) symlinkSync(findUnshare(PATH)?.unshare ?? '', join(bin, 'unshare'));
      return bin;
    },
    missing: () => (findUnshare(PATH) === undefined ? 'util-linux unshare is not installed here' : undefined),
  },
] as const;

describe.skipIf(!hasPython).each(TOOLS)('python3 under $tool', ({ tool, tail, missing }) => {
  let tailPath = '';
  let cannot: string | undefined;
  beforeAll(async () => {
    cannot = missing();
    if (cannot !== undefined) return;
    tailPath = tail();
    cannot = await probeSandbox(tailPath);
  }, 30_000);

  /** Plans python3 from `bin` first on the PATH, runs PROBE in the sandbox with `paths` to read, and parses what it prints. */
  async function probe(bin: string, paths: readonly string[]): Promise<{ plan: SandboxPlan; probed: Probed }> {
    const workspace = makeWorkspace(sandboxUser());
    try {
      const path = `${bin}:${tailPath}`;
      const plan = planSandbox({ program: 'python3', args: ['-I', '-c', PROBE, ...paths], writable: workspace.dir, path, env: { WTLAB_SANDBOX: 'auto' } });
      if (plan.tool !== tool) throw new Error(`planned ${plan.tool}, not ${tool}: ${JSON.stringify(plan)}`);
      const [file, ...args] = plan.command as [string, ...string[]];
      const ran = await execa(file, args, { cwd: '/', env: { PATH: path }, extendEnv: false, reject: false, timeout: 20_000, ...(plan.user ?? {}) });
      expect(ran.stderr).toBe('');
      return { plan, probed: JSON.parse(ran.stdout) as Probed };
    } finally {
      workspace.remove();
    }
  }

  it('(a) a python3 link in <home-like>/bin runs, and <home-like>/secret.txt is not there', async (context) => {
    if (cannot !== undefined) context.skip(cannot);
    const { probed } = await probe(layouts.link.bin, [layouts.link.secret]);
    expect(probed.read).toEqual({ [layouts.link.secret]: 'FileNotFoundError' });
    expect(probed.prefix).toBe('/usr');
  });

  it('(b) a venv runs with sys.prefix the venv (its pyvenv.cfg seen); the folder holding it is not there', async (context) => {
    if (cannot !== undefined) context.skip(cannot);
    const cfg = join(layouts.venv.dir, 'pyvenv.cfg');
    const { probed } = await probe(join(layouts.venv.dir, 'bin'), [cfg, layouts.venv.secret]);
    expect(probed.prefix).toBe(layouts.venv.dir);
    expect(probed.base).toBe('/usr');
    expect(probed.read[cfg]).toMatch(/^home = /m);
    expect(probed.read[layouts.venv.secret]).toBe('FileNotFoundError');
  });

  it('(c) a pyenv-like prefix runs with sys.prefix the prefix (its lib/ seen); the folder holding it is not there', async (context) => {
    if (cannot !== undefined) context.skip(cannot);
    const marker = join(layouts.prefix.dir, 'lib', 'marker.txt');
    const { probed } = await probe(join(layouts.prefix.dir, 'bin'), [marker, layouts.prefix.secret]);
    expect(probed.prefix).toBe(layouts.prefix.dir);
    expect(probed.read).toEqual({ [marker]: 'in the prefix\n', [layouts.prefix.secret]: 'FileNotFoundError' });
  });

  it('a real python3 alone in a folder still runs, and the folder above it is not there', async (context) => {
    if (cannot !== undefined) context.skip(cannot);
    const { probed } = await probe(layouts.bare.dir, [layouts.bare.secret]);
    expect(probed.read).toEqual({ [layouts.bare.secret]: 'FileNotFoundError' });
  });

  it('(d) shows exactly the paths programView gives, for each layout', async (context) => {
    if (cannot !== undefined) context.skip(cannot);
    const workspace = makeWorkspace(sandboxUser());
    try {
      for (const bin of [layouts.link.bin, join(layouts.venv.dir, 'bin'), join(layouts.prefix.dir, 'bin'), layouts.bare.dir]) {
        const plan = planSandbox({ program: 'python3', args: [], writable: workspace.dir, path: `${bin}:${tailPath}`, env: { WTLAB_SANDBOX: 'auto' } });
        const view = programView({ program: join(bin, 'python3'), guarded: [workspace.dir] });
        expect(plan.tool === 'none' ? [] : shownBeyondSystem(plan.command), bin).toEqual(view.readable);
      }
    } finally {
      workspace.remove();
    }
  });
});

/** The read-only paths a plan's command shows besides the system folders: bubblewrap's later `--ro-bind`s, or unshare's second list. */
function shownBeyondSystem(command: readonly string[]): string[] {
  const afterDev = command.indexOf('/dev');
  if (command.includes('--ro-bind'))
    return command.flatMap((arg, index) => (arg === '--ro-bind' && index > afterDev && command[index + 1] !== undefined ? [command[index + 1] as string] : []));
  const first = command.indexOf('--', command.indexOf('wtlab-sandbox'));
  return command.slice(first + 1, command.indexOf('--', first + 1));
}
