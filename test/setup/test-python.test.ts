import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { resolvePython } from '../../src/process/resolve-python.js';
import { runApp } from '../../src/evidence/run-app.js';
import { changeEnv } from './change-env.js';
import setup, { choosePython } from './test-python.js';

describe('the python3 the suite starts', () => {
  it("is WTLAB_TEST_PYTHON when set, PATH's when it is empty, else the system's when there is one", () => {
    expect(choosePython({ WTLAB_TEST_PYTHON: '/opt/python3.12/bin/python3' })).toBe('/opt/python3.12/bin/python3');
    expect(choosePython({ WTLAB_TEST_PYTHON: '' })).toBeUndefined();
    expect(choosePython({})).toBe(existsSync('/usr/bin/python3') ? '/usr/bin/python3' : undefined);
  });

  it('refuses a WTLAB_TEST_PYTHON that is not an executable with the one line, no stack under it', () => {
    const restore = changeEnv({ WTLAB_TEST_PYTHON: '/nonexistent/python3' });
    try {
      let thrown: unknown;
      try {
        setup()();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).message).toMatch(/^WTLAB_TEST_PYTHON=\/nonexistent\/python3 is not an executable file .*; unset it to use /);
      expect((thrown as Error).stack).toBe(`Error: ${(thrown as Error).message}`);
    } finally {
      restore();
    }
  });

  it('is the python3 every test file finds first on PATH, and the interpreter scenarios resolve it to', async () => {
    const chosen = choosePython();
    const found = locateExecutable('python3');
    if (chosen === undefined) return;
    const interpreter = realpathSync(locateExecutable(chosen) ?? chosen);
    expect(found && realpathSync(found)).toBe(interpreter);
    expect(realpathSync(await resolvePython(process.env.PATH ?? ''))).toBe(interpreter);
  });

  it("shows a sandboxed app no more of the run's temp folder than in a grade (only the link, not the other tests' files)", async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'wtlab-python-view-'));
    // Open to all, so that only the sandbox can hide it (the app runs as 65534 when grading as root).
    chmodSync(scratch, 0o755);
    try {
      const secret = join(scratch, 'secret');
      writeFileSync(secret, 'not for the app\n');
      mkdirSync(join(scratch, 'export'));
      writeFileSync(join(scratch, 'export', 'cli.py'), 'import os, sys\nprint(os.path.exists(sys.argv[1]))\n');
      const app = await runApp({ plan: [{ name: 'peek', args: [secret] }], folder: join(scratch, 'export'), scratch });
      if (app.sandbox?.tool === 'none') return;
      expect(app.runs[0]?.stdout).toBe('False\n');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
