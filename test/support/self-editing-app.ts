import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePython } from '../../src/process/resolve-python.js';
import { runProcess } from '../../src/process/run-process.js';

/**
 * A tasks app that rewrites its own files between commands, to check that a runner reusing compiled code
 * still does what `python3 cli.py ARGS` does: `edit` gives tasks.py other bytes of the same size and
 * mtime (`edit-helpers` the same to helpers.py), `break` a SyntaxError, `mend` its first text back, `warn` a SyntaxWarning, `break-cli` a
 * SyntaxError in cli.py itself; `show` imports tasks.py and prints its message; `remember X` appends to a
 * mutable default argument; `tamper` swaps the code of the function that does it; `inspect` prints what the app sees of `compile`; `identity` keeps the code
 * objects it ran in a stdlib module (json), which a runner of one process per plan keeps between commands.
 */
const CLI = `import os, sys
here = os.path.dirname(os.path.abspath(__file__))
HELPERS = "def seen(item, bag=[]):\\n    bag.append(item)\\n    return bag\\n"
TEXTS = {
    "edit": ("tasks.py", 'MESSAGE = "after!"\\n'),
    "break": ("tasks.py", "MESSAGE = (\\n"),
    "mend": ("tasks.py", 'MESSAGE = "before"\\n'),
    "warn": ("tasks.py", 'MESSAGE = "warned" if 1 is 1 else ""\\n'),
    "edit-helpers": ("helpers.py", HELPERS.replace("bag", "box")),
}
command = sys.argv[1] if len(sys.argv) > 1 else ""
if command in TEXTS:
    name, text = TEXTS[command]
    path = os.path.join(here, name)
    stat = os.stat(path)
    with open(path, "w") as handle:
        handle.write(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
elif command == "break-cli":
    with open(os.path.join(here, "cli.py"), "w") as handle:
        handle.write("print(\\n")
elif command == "show":
    import tasks
    print(tasks.MESSAGE)
elif command == "remember":
    from helpers import seen
    print(seen(sys.argv[2]))
elif command == "tamper":
    import helpers
    helpers.seen.__code__ = (lambda item, bag=[]: ["tampered"]).__code__
    print(helpers.seen("x"))
elif command == "inspect":
    import ast, builtins
    print(compile is builtins.compile, repr(compile), exec is builtins.exec)
    print(type(compile("x = 1", "<probe>", "exec", ast.PyCF_ONLY_AST)).__name__)
    source = open(os.path.join(here, "helpers.py"), "rb").read()
    first, second = compile(source, "helpers.py", "exec"), compile(source, "helpers.py", "exec")
    print(first is second, first == second, first.co_filename)
    future = compile("def f(x: nowhere): pass\\n", "<future>", "exec", __import__("__future__").annotations.compiler_flag)
    scope = {}
    exec(future, scope)
    print(scope["f"].__annotations__)
elif command == "identity":
    import json, helpers
    codes = json.__dict__.setdefault("_wtlab_codes", [])
    codes.append((sys._getframe().f_code, helpers.seen.__code__))
    print(len(codes), codes[0][0] is codes[-1][0], codes[0][1] is codes[-1][1])
else:
    print("usage: python3 cli.py show | edit | break | mend | warn | break-cli | remember X | tamper | inspect | identity", file=sys.stderr)
    sys.exit(2)
`;

const FILES: Record<string, string> = {
  'cli.py': CLI,
  'tasks.py': 'MESSAGE = "before"\n',
  'helpers.py': 'def seen(item, bag=[]):\n    bag.append(item)\n    return bag\n',
};

/** Writes the app into `folder` (made when missing). */
export function writeSelfEditingApp(folder: string): void {
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(folder, name), text);
}

/** Every command once, each edit followed by a `show` that must see it; cli.py is broken last. */
export const SELF_EDITING_PLAN: readonly (readonly string[])[] = [
  ['show'],
  ['show'],
  ['edit'],
  ['show'],
  ['break'],
  ['show'],
  ['show'],
  ['mend'],
  ['show'],
  ['warn'],
  ['show'],
  ['show'],
  ['remember', 'a'],
  ['remember', 'b'],
  ['tamper'],
  ['remember', 'c'],
  ['inspect'],
  ['inspect'],
  ['break-cli'],
  ['show'],
];

/** One command's outcome, as compared. */
export interface AppRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The reference: `python3 cli.py ARGS` as a process of its own for each command, in order, in `folder`. */
export async function runOneByOne(folder: string, plan: readonly (readonly string[])[]): Promise<AppRun[]> {
  const path = process.env.PATH ?? '/usr/bin:/bin';
  const python = await resolvePython(path);
  const env = { PATH: path, HOME: folder, LC_ALL: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' };
  const runs: AppRun[] = [];
  for (const args of plan) {
    const { exitCode, stdout, stderr } = await runProcess([python, 'cli.py', ...args], { cwd: folder, env, timeoutMs: 30_000 });
    runs.push({ exitCode, stdout, stderr });
  }
  return runs;
}

/**
 * A traceback as `python3 cli.py` prints it, from one a runner printed: the runner's own frames (`<string>`,
 * runpy's, with their source lines) and the `Traceback` header are dropped, and the folder the runner
 * ran in is named as `folder`. Any other frame (one of a compile memo, say) stays and shows.
 */
export function asPythonPrintsIt(stderr: string, ranIn: string, folder: string): string {
  const lines = stderr.split(ranIn).join(folder).split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line === 'Traceback (most recent call last):') continue;
    if (/^ {2}File "(<string>|<frozen runpy>|[^"]*\/runpy\.py)", line \d+, in /.test(line)) {
      while (/^ {4}/.test(lines[i + 1] ?? '')) i += 1;
      continue;
    }
    kept.push(line);
  }
  return kept.join('\n');
}
