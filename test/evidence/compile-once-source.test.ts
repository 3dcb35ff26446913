import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPILE_ONCE_SOURCE } from '../../src/evidence/compile-once-source.js';
import { resolvePython } from '../../src/process/resolve-python.js';
import { runProcess } from '../../src/process/run-process.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-compile-once-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs `check` (Python) after the memo's definitions in a python3 of its own, in `root`; what it printed as JSON. */
async function facts(check: string): Promise<Record<string, unknown>> {
  const path = process.env.PATH ?? '/usr/bin:/bin';
  const program = `${COMPILE_ONCE_SOURCE}\nimport json, os, traceback\nfacts = {}\n${check}\nprint(json.dumps(facts))\n`;
  const run = await runProcess([await resolvePython(path), '-c', program], { cwd: root, env: { PATH: path, PYTHONDONTWRITEBYTECODE: '1' }, timeoutMs: 60_000 });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe('the compile memo (COMPILE_ONCE_SOURCE) in a real python3', () => {
  it('gives the same code object for the same bytes and file, a new one for other bytes, and leaves builtins.compile alone', async () => {
    const found = await facts(`
original = builtins.compile
compile_once, warm = install_compile_once()
source = b"x = 1\\n"
first = compile_once(source, "/app/a.py", "exec")
facts["same"] = compile_once(b"x = 1\\n", "/app/a.py", "exec") is first
facts["other bytes"] = compile_once(b"x = 2\\n", "/app/a.py", "exec") is first
facts["other file"] = compile_once(source, "/app/b.py", "exec") is first
facts["hooked"] = [runpy.compile is compile_once, sys.modules["_frozen_importlib_external"].compile is compile_once]
facts["builtin"] = [builtins.compile is original, compile(source, "/app/a.py", "exec") is compile(source, "/app/a.py", "exec")]
facts["with flags"] = type(compile_once("x = 1", "/app/a.py", "exec", 1024)).__name__
facts["warm"] = warm(source, "/app/a.py") is first
`);
    expect(found).toEqual({
      same: true,
      'other bytes': false,
      'other file': false,
      hooked: [true, true],
      builtin: [true, false],
      'with flags': 'Module',
      warm: true,
    });
  });

  it('keeps no source that warns: the warning is given at every compile, and warnings.filters is as it was', async () => {
    const found = await facts(`
compile_once, warm = install_compile_once()
before = list(warnings.filters)
shown = []
for _ in range(2):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compile_once(b"y = 1 is 1\\n", "/app/w.py", "exec")
    shown.append([w.category.__name__ for w in caught])
facts["shown"] = shown
facts["filters"] = warnings.filters == before
facts["warm"] = warm(b"y = 1 is 1\\n", "/app/w.py")
`);
    expect(found).toEqual({ shown: [['SyntaxWarning'], ['SyntaxWarning']], filters: true, warm: null });
  });

  it('stays bounded: no source over 1 MiB is kept, and past 64 sources the oldest goes', async () => {
    const found = await facts(`
compile_once, warm = install_compile_once()
big = b"x = 1\\n" + b"#" * (1 << 20) + b"\\n"
facts["big kept"] = compile_once(big, "/app/big.py", "exec") is compile_once(big, "/app/big.py", "exec")
first = compile_once(b"n = 0\\n", "/app/n.py", "exec")
last = None
for n in range(1, 65):
    last = compile_once(b"n = %d\\n" % n, "/app/n.py", "exec")
facts["last kept"] = compile_once(b"n = 64\\n", "/app/n.py", "exec") is last
facts["first kept"] = compile_once(b"n = 0\\n", "/app/n.py", "exec") is first
`);
    expect(found).toEqual({ 'big kept': false, 'last kept': true, 'first kept': false });
  });

  it("leaves no frame of its own in a SyntaxError's traceback: CPython drops it from imports, hide_memo_frames from runpy", async () => {
    const found = await facts(`
install_compile_once()
with open("broken.py", "w") as handle:
    handle.write("x = (\\n")
sys.path.insert(0, os.getcwd())
def frames(error):
    return [frame.name for frame in traceback.extract_tb(error.__traceback__)]
try:
    import broken
except SyntaxError as error:
    facts["import"] = frames(error)
try:
    runpy.run_path(os.path.join(os.getcwd(), "broken.py"))
except SyntaxError as error:
    facts["run_path"] = frames(error)
    facts["hidden"] = frames(hide_memo_frames(error))
    facts["where"] = [os.path.basename(error.filename), error.lineno, error.msg]
`);
    expect(found).toEqual({
      import: ['<module>'],
      run_path: ['<module>', 'run_path', '_get_code_from_file', '_call_with_frames_removed'],
      hidden: ['<module>', 'run_path', '_get_code_from_file'],
      where: ['broken.py', 1, "'(' was never closed"],
    });
  });
});
