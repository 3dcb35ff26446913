import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { runProcess } from '../../src/process/run-process.js';
import { makeWorkspace } from '../../src/sandbox/app-workspace.js';
import { bubblewrapArgs } from '../../src/sandbox/bubblewrap-args.js';
import { findBubblewrap, findUnshare, locateFor, planSandbox } from '../../src/sandbox/plan-sandbox.js';
import { sandboxMode } from '../../src/sandbox/sandbox-mode.js';
import { NOBODY, reachableBy, runnableBy } from '../../src/sandbox/sandbox-user.js';
import { unshareArgs } from '../../src/sandbox/unshare-args.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-plan-sandbox-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const PATH = process.env.PATH ?? '/usr/bin:/bin';

/** The values that follow each occurrence of a flag. */
function after(args: readonly string[], flag: string, count = 1): string[][] {
  return args.flatMap((arg, index) => (arg === flag ? [args.slice(index + 1, index + 1 + count)] : []));
}

describe('bubblewrapArgs', () => {
  const args = bubblewrapArgs({ writable: '/tmp/ws', readable: ['/opt/python'], command: ['/usr/bin/python3', '-c', 'pass'] });

  it('asks for every namespace, PID 1 for the command, and death with its parent', () => {
    for (const flag of [
      '--unshare-user',
      '--unshare-pid',
      '--unshare-net',
      '--unshare-ipc',
      '--unshare-uts',
      '--as-pid-1',
      '--die-with-parent',
      '--new-session',
    ])
      expect(args, flag).toContain(flag);
    expect(after(args, '--uid')).toEqual([['65534']]);
  });

  it('binds one folder read-write, the rest read-only, and makes the root read-only last', () => {
    expect(after(args, '--bind', 2)).toEqual([['/tmp/ws', '/tmp/ws']]);
    expect(after(args, '--ro-bind', 2).map(([source]) => source)).toEqual(expect.arrayContaining(['/usr', '/etc', '/opt/python']));
    expect(after(args, '--ro-bind', 2).map(([source]) => source)).not.toEqual(expect.arrayContaining(['/', '/tmp', '/root', '/home']));
    expect(args.slice(args.indexOf('--remount-ro'), args.indexOf('--'))).toEqual(['--remount-ro', '/', '--chdir', '/']);
    expect(args.slice(args.indexOf('--') + 1)).toEqual(['/usr/bin/python3', '-c', 'pass']);
  });

  it.skipIf(locateExecutable('bwrap', PATH) === undefined || !existsSync('/dev/shm'))(
    'shows a Python installed under /dev (TMPDIR=/dev/shm, say): the fresh /dev comes before the folders shown in it',
    async () => {
      const prefix = mkdtempSync('/dev/shm/wtlab-python-');
      try {
        chmodSync(prefix, 0o755);
        mkdirSync(join(prefix, 'bin'), { mode: 0o755 });
        symlinkSync('/usr/bin/python3', join(prefix, 'bin', 'python3'));
        const writable = mkdtempSync(join(root, 'dev-ws-'));
        const command = [join(prefix, 'bin', 'python3'), '-c', 'print("ran")'];
        const bwrap = locateExecutable('bwrap', PATH) ?? 'bwrap';
        const ran = await runProcess([bwrap, ...bubblewrapArgs({ writable, readable: [prefix], command })], { cwd: '/', env: { PATH }, timeoutMs: 20_000 });
        expect([ran.stdout, ran.stderr]).toEqual(['ran\n', '']);
      } finally {
        rmSync(prefix, { recursive: true, force: true });
      }
    },
  );
});

describe('unshareArgs', () => {
  const programs = { unshare: '/usr/bin/unshare', setpriv: '/usr/bin/setpriv', chroot: '/usr/sbin/chroot', sh: '/bin/sh' };
  it('makes a user namespace only when not root, and drops to 65534 only as root', () => {
    const asRoot = unshareArgs({ programs, writable: '/tmp/ws', readable: [], asRoot: true, command: ['python3'] });
    const asUser = unshareArgs({ programs, writable: '/tmp/ws', readable: [], asRoot: false, command: ['python3'] });
    expect(asRoot).not.toContain('--user');
    expect(asUser.slice(0, 2)).toEqual(['--user', '--map-root-user']);
    for (const args of [asRoot, asUser]) for (const flag of ['--mount', '--pid', '--net', '--ipc', '--uts', '--fork']) expect(args).toContain(flag);
    expect(asRoot[asRoot.indexOf('wtlab-sandbox') + 2]).toBe('nobody');
    expect(asUser[asUser.indexOf('wtlab-sandbox') + 2]).toBe('self');
  });
});

describe.runIf(process.getuid?.() === 0 && findUnshare(PATH) !== undefined)('unshareArgs run as root', () => {
  const unshare = locateExecutable('unshare', PATH) as string;
  /** `id -u` and the user map inside a sandbox made with `programs.unshare` (the outer unshare is always the one found). */
  async function idInside(inner: string): Promise<string> {
    const workspace = makeWorkspace(NOBODY);
    try {
      const programs = { ...(findUnshare(PATH) as NonNullable<ReturnType<typeof findUnshare>>), unshare: inner };
      const args = unshareArgs({ programs, writable: workspace.dir, readable: [], asRoot: true, command: ['/bin/sh', '-c', 'id -u; cat /proc/self/uid_map'] });
      const ran = await runProcess([unshare, ...args], { cwd: '/', env: { PATH } });
      expect(ran.stderr).toBe('');
      return ran.stdout
        .trim()
        .replace(/[ \t]+/g, ' ')
        .replace(/\n /g, '\n');
    } finally {
      workspace.remove();
    }
  }

  it('runs the app as 65534 in a user namespace of its own (root inside), so that its process limit counts only its processes', async () => {
    expect(await idInside(unshare)).toBe('0\n0 65534 1');
  });

  it('where 65534 cannot make one (here: the unshare it runs fails), runs it as 65534 without one', async () => {
    expect(await idInside(locateExecutable('false', PATH) as string)).toBe('65534\n0 0 4294967295');
  });
});

describe('planSandbox and the sandbox user', () => {
  it('WTLAB_SANDBOX picks the mode; anything else is auto', () => {
    expect(['none', 'REQUIRE', 'auto', 'yes', undefined].map((value) => sandboxMode({ WTLAB_SANDBOX: value }))).toEqual([
      'none',
      'require',
      'auto',
      'auto',
      'auto',
    ]);
  });

  it('WTLAB_SANDBOX=none, or a PATH with neither bwrap nor unshare: no sandbox, and why', () => {
    expect(planSandbox({ program: 'python3', args: [], writable: root, path: PATH, env: { WTLAB_SANDBOX: 'none' } })).toEqual({
      tool: 'none',
      reason: 'WTLAB_SANDBOX=none',
    });
    const bin = join(root, 'bin');
    mkdirSync(bin);
    expect(planSandbox({ program: 'python3', args: [], writable: root, path: bin, env: {} })).toEqual({
      tool: 'none',
      reason: 'neither bubblewrap (bwrap) nor util-linux unshare is installed',
    });
  });

  it('as nobody, a program in a folder only its owner may enter is skipped for the next one on the PATH', () => {
    chmodSync(root, 0o755);
    const closed = join(root, 'closed');
    mkdirSync(join(closed, 'bin'), { recursive: true });
    symlinkSync('/bin/sh', join(closed, 'bin', 'sh'));
    chmodSync(closed, 0o700);
    const found = locateFor('sh', `${join(closed, 'bin')}:/usr/bin:/bin`, NOBODY);
    expect(found).not.toBe(join(closed, 'bin', 'sh'));
    expect(found).toMatch(/^\/(usr\/)?bin\/sh$/);
    expect(runnableBy(join(closed, 'bin', 'sh'), NOBODY)).toBe(false);
    expect(reachableBy(closed, NOBODY)).toBe(false);
    chmodSync(closed, 0o755);
    expect(runnableBy(join(closed, 'bin', 'sh'), NOBODY)).toBe(true);
  });

  it("a version manager's #! shim outside the system folders is skipped for the next program on the PATH (the sandbox would not show its tree)", () => {
    chmodSync(root, 0o755);
    const shims = join(root, 'shims');
    mkdirSync(shims, { mode: 0o755 });
    writeFileSync(join(shims, 'sh'), '#!/bin/sh\nexec /bin/sh "$@"\n', { mode: 0o755 });
    for (const user of [undefined, NOBODY]) {
      expect(locateFor('sh', `${shims}:/usr/bin:/bin`, user)).toMatch(/^\/(usr\/)?bin\/sh$/);
      expect(locateFor(join(shims, 'sh'), '', user)).toBeUndefined();
    }
    const tools = join(root, 'tools');
    mkdirSync(tools, { mode: 0o755 });
    for (const name of ['bwrap', 'unshare']) {
      const found = locateExecutable(name, PATH);
      if (found !== undefined) symlinkSync(found, join(tools, name));
    }
    const plan = planSandbox({ program: 'sh', args: [], writable: root, path: `${shims}:${tools}`, env: { WTLAB_SANDBOX: 'auto' } });
    const wanted = (findBubblewrap(tools) ?? findUnshare(tools)) ? /^no sh on the PATH that the sandbox can start \(.*shim\)$/ : /^neither/;
    expect(plan.tool === 'none' ? plan.reason : plan.tool).toMatch(wanted);
  });
});
