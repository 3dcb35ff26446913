import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateExecutable } from '../../src/process/locate-executable.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-locate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(dir: string, name: string, mode: number): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, mode);
  return path;
}

describe('locateExecutable', () => {
  it('takes the first executable file of that name on the PATH, skipping plain files and folders', () => {
    file(join(root, 'a'), 'tool', 0o644);
    mkdirSync(join(root, 'b', 'tool'), { recursive: true });
    const wanted = file(join(root, 'c'), 'tool', 0o755);
    file(join(root, 'd'), 'tool', 0o755);
    const path = ['', join(root, 'a'), join(root, 'b'), join(root, 'c'), join(root, 'd')].join(':');
    expect(locateExecutable('tool', path)).toBe(wanted);
    expect(locateExecutable('no-such-tool', path)).toBeUndefined();
  });

  it('takes a name with a slash as a path', () => {
    const tool = file(join(root, 'e'), 'tool', 0o755);
    expect(locateExecutable(tool, '')).toBe(tool);
    expect(locateExecutable(join(root, 'a', 'tool'), '')).toBeUndefined();
  });
});
