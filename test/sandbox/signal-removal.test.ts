import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths/package-root.js';
import { processesWith } from '../support/processes.js';

const parent = mkdtempSync(join(tmpdir(), 'wtlab-signal-removal-'));
const pinned: string[] = [];
afterAll(() => {
  for (const file of pinned) execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
  rmSync(parent, { recursive: true, force: true });
});

/** Whether this file system lets root pin a file (`chattr +i`: not even root may remove it), so a removal can fail. */
function canPin(): boolean {
  const probe = join(parent, 'probe');
  writeFileSync(probe, '');
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
  }
}

describe('a sandbox on Ctrl-C', () => {
  it.skipIf(!canPin())('that cannot be removed still ends the process with 130, and one line names the folder to remove', async () => {
    // A child node process (the compiled engine in dist/, which npm test builds) makes a sandbox, pins a file in it and waits for SIGINT.
    const script = [
      "const { makeSandbox } = await import('./dist/src/sandbox/sandbox.js');",
      "const { resolveGitBinary } = await import('./dist/src/git/git-binary.js');",
      "const { writeFileSync } = await import('node:fs');",
      "const { execFileSync } = await import('node:child_process');",
      'const sandbox = await makeSandbox({ git: await resolveGitBinary() });',
      "const file = sandbox.work + '/pinned';",
      "writeFileSync(file, '');",
      "execFileSync('chattr', ['+i', file]);",
      'process.stdout.write(file + "\\n");',
      'setInterval(() => undefined, 1000);',
    ].join('\n');
    const child = execa('node', ['--input-type=module', '-e', script], { cwd: packageRoot(), env: { WTLAB_TMPDIR: parent }, reject: false });
    const file = await new Promise<string>((resolve) => child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    pinned.push(file);
    child.kill('SIGINT');
    const ended = await child;
    expect(ended.exitCode, String(ended.stderr)).toBe(130);
    const base = readdirSync(parent).filter((name) => name.startsWith('wtlab-'));
    expect(base).toHaveLength(1);
    expect(String(ended.stderr).trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^wtlab: could not remove ${join(parent, base[0] ?? '')} \\([A-Z]+\\); remove it yourself: rm -rf `)),
    ]);
    expect(existsSync(file)).toBe(true);
  });
});

/** A shell loop that keeps making a folder in the sandbox, and the same loop in a subshell (the program's child writes). */
const LOOP = 'while :; do mkdir -p "$1/again"; sleep 0.01; done';
const IN_SUBSHELL = `(${LOOP}) & wait`;

/** JavaScript that starts `sh -c SCRIPT marker work` with runProcess, `via` the process itself or the spawn server, without waiting. */
const shellRun = (script: string, via: 'direct' | 'server') => `
const { runProcess } = await import('./dist/src/process/run-process.js');
void runProcess(['sh', '-c', ${JSON.stringify(script)}, marker, sandbox.work], { cwd: sandbox.work, env: { PATH: process.env.PATH }, via: '${via}' });`;

/**
 * How a child engine starts a program that keeps making a folder in the sandbox (its name holds `marker`, so /proc shows
 * it), without waiting for it: JavaScript run after `sandbox` and `marker` are defined in the script.
 */
const WRITERS = {
  'a program started by the process itself': shellRun(LOOP, 'direct'),
  'a program started through the spawn server': shellRun(LOOP, 'server'),
  'a child of a program started by the process itself (the program killed, its child left)': shellRun(IN_SUBSHELL, 'direct'),
  'a child of a program started through the spawn server': shellRun(IN_SUBSHELL, 'server'),
  'an app command (a fork of the kept Python)': `
const { runAppCommands } = await import('./dist/src/scenario/app-commands.js');
writeFileSync(sandbox.work + '/cli.py', 'import os, sys, time\\nwhile True:\\n    os.makedirs(os.path.join(sys.argv[2], "again"), exist_ok=True)\\n    time.sleep(0.01)\\n');
void runAppCommands({ folder: sandbox.work, commands: [[marker, sandbox.work]], env: { PATH: process.env.PATH, HOME: sandbox.home } });`,
} as const;

describe('a sandbox on Ctrl-C while a program still writes in it', () => {
  it.each(Object.keys(WRITERS) as (keyof typeof WRITERS)[])('is gone, and so is the program: %s', async (writer) => {
    const marker = `wtlab-writer-${process.pid}-${Object.keys(WRITERS).indexOf(writer)}`;
    // A child node process (the compiled engine in dist/, which npm test builds) makes a sandbox, starts the writer,
    // says so once the writer's folder is there, and waits for SIGINT, which only it is sent (not its process group).
    const script = [
      "const { makeSandbox } = await import('./dist/src/sandbox/sandbox.js');",
      "const { resolveGitBinary } = await import('./dist/src/git/git-binary.js');",
      "const { existsSync, writeFileSync } = await import('node:fs');",
      'const sandbox = await makeSandbox({ git: await resolveGitBinary() });',
      `const marker = ${JSON.stringify(marker)};`,
      WRITERS[writer],
      "while (!existsSync(sandbox.work + '/again')) await new Promise((resolve) => setTimeout(resolve, 10));",
      'process.stdout.write(sandbox.base + "\\n");',
      'setInterval(() => undefined, 1000);',
    ].join('\n');
    const child = execa('node', ['--input-type=module', '-e', script], { cwd: packageRoot(), env: { WTLAB_TMPDIR: parent }, reject: false });
    const base = await new Promise<string>((resolve) => child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    child.kill('SIGINT');
    const ended = await child;
    const left = processesWith(marker);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(ended.exitCode, String(ended.stderr)).toBe(130);
    expect(ended.stderr).toBe('');
    // Nothing still writes, so the folder stays as it is now.
    expect(left).toEqual([]);
    expect(existsSync(base)).toBe(false);
  });
});
