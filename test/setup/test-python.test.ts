import { existsSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { resolvePython } from '../../src/process/resolve-python.js';
import { choosePython } from './test-python.js';

describe('the python3 the suite starts', () => {
  it("is WTLAB_TEST_PYTHON when set, PATH's when it is empty, else the system's when there is one", () => {
    expect(choosePython({ WTLAB_TEST_PYTHON: '/opt/python3.12/bin/python3' })).toBe('/opt/python3.12/bin/python3');
    expect(choosePython({ WTLAB_TEST_PYTHON: '' })).toBeUndefined();
    expect(choosePython({})).toBe(existsSync('/usr/bin/python3') ? '/usr/bin/python3' : undefined);
  });

  it('is the python3 every test file finds first on PATH, and the interpreter scenarios resolve it to', async () => {
    const chosen = choosePython();
    const found = locateExecutable('python3');
    if (chosen === undefined) return;
    const interpreter = realpathSync(locateExecutable(chosen) ?? chosen);
    expect(found && realpathSync(found)).toBe(interpreter);
    expect(realpathSync(await resolvePython(process.env.PATH ?? ''))).toBe(interpreter);
  });
});
