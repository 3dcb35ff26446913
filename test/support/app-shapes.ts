/**
 * Tasks-apps of the module's shape written the ways a red-team pass found common, for the simulated agents'
 * tests: each is `{ 'tasks.py': text, 'cli.py': text }` for a start snapshot. All count tasks from 0, keep
 * tasks as dicts with a "done" key, and word their messages their own way (none of our lab's texts).
 */

/** tasks.py shared by the apps below: records `{"title", "done"}` in tasks.json beside it, indexes from 0. */
export const DICT_RECORDS_TASKS = `"""Tasks kept as records in tasks.json."""
import json
from pathlib import Path

FILE = Path(__file__).resolve().parent / "tasks.json"


class TaskList:
    def __init__(self, records):
        self.records = records

    @classmethod
    def load(cls):
        return cls(json.loads(FILE.read_text()) if FILE.exists() else [])

    def save(self):
        FILE.write_text(json.dumps(self.records))

    def add(self, record):
        self.records.append(record)

    def done(self, index):
        self.records[index]["done"] = True

    def delete(self, index):
        return self.records.pop(index)

    def pending(self):
        return [record for record in self.records if not record["done"]]
`;

/** A \`match\` on the argv list with sequence patterns (captures and a star after the name), a record dict in cli.py. */
export const MATCH_SEQUENCE_CLI = `"""Task list on the command line."""
import sys

from tasks import TaskList

HELP = "try: add <words> | list | done <index> | delete <index>"
TEMPLATE = {"title": "", "done": False}


def main(argv):
    tasks = TaskList.load()
    match argv:
        case ["add", *words] if words:
            tasks.add({**TEMPLATE, "title": " ".join(words)})
            tasks.save()
            print("ok, noted")
        case ["list"]:
            for index, record in enumerate(tasks.records):
                print(index, "*" if record["done"] else "-", record["title"])
        case ["done", n]:
            tasks.done(int(n))
            tasks.save()
            print("marked", n)
        case ["delete", n]:
            tasks.delete(int(n))
            tasks.save()
            print("dropped", n)
        case _:
            print(HELP, file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
`;

/** An if/elif chain on a name unpacked from \`sys.argv[1:]\` (\`cmd, *rest = ...\`), a record dict at module level. */
export const UNPACKED_ARGV_CLI = `import sys

from tasks import TaskList

EMPTY = {"title": "", "done": False}
HELP = "commands: add <title> | list | done <index> | delete <index>"


def run():
    if len(sys.argv) < 2:
        print(HELP)
        return 1
    cmd, *rest = sys.argv[1:]
    tasks = TaskList.load()
    if cmd == "add":
        tasks.add(dict(EMPTY, title=" ".join(rest)))
        tasks.save()
        print("saved")
    elif cmd == "list":
        for i, record in enumerate(tasks.records):
            print(f"{i}: {record['title']}{' (done)' if record['done'] else ''}")
    elif cmd == "done":
        tasks.done(int(rest[0]))
        tasks.save()
        print("finished", rest[0])
    elif cmd == "delete":
        tasks.delete(int(rest[0]))
        tasks.save()
        print("removed", rest[0])
    else:
        print(HELP)
        return 1
    return 0


sys.exit(run())
`;

/** argparse subparsers (one per command) and an if/elif chain on \`args.command\`. */
export const SUBPARSERS_CLI = `import argparse
import sys

from tasks import TaskList


def parse(argv):
    parser = argparse.ArgumentParser(prog="cli.py", usage="cli.py add <title> | list | done <index> | delete <index>")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add")
    add.add_argument("title", nargs="+")
    commands.add_parser("list")
    done = commands.add_parser("done")
    done.add_argument("index", type=int)
    delete = commands.add_parser("delete")
    delete.add_argument("index", type=int)
    return parser.parse_args(argv)


def main(argv):
    args = parse(argv)
    tasks = TaskList.load()
    if args.command == "add":
        tasks.add({"title": " ".join(args.title), "done": False})
        tasks.save()
        print("added")
    elif args.command == "list":
        for i, record in enumerate(tasks.records):
            print(i, record["title"], "done" if record["done"] else "open")
    elif args.command == "done":
        tasks.done(args.index)
        tasks.save()
        print("closed", args.index)
    elif args.command == "delete":
        tasks.delete(args.index)
        tasks.save()
        print("deleted", args.index)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
`;

/** A dict of handlers, some of them lambdas, beside a record dict with a "done" key that is no dispatch. */
export const LAMBDA_HANDLERS_CLI = `import sys

from tasks import TaskList

USAGE = "usage: add <title> | list | done <index> | delete <index>"


def new_record(title):
    return {"title": title, "done": False}


def do_add(tasks, args):
    tasks.add(new_record(" ".join(args)))
    tasks.save()
    print("+", " ".join(args))


def do_done(tasks, args):
    tasks.done(int(args[0]))
    tasks.save()
    print("x", args[0])


def do_delete(tasks, args):
    tasks.delete(int(args[0]))
    tasks.save()
    print("-", args[0])


COMMANDS = {
    "add": do_add,
    "list": lambda tasks, args: print(*(r["title"] for r in tasks.records), sep="\\n"),
    "done": do_done,
    "delete": do_delete,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    COMMANDS[sys.argv[1]](TaskList.load(), sys.argv[2:])
`;

/** Every app above by name, each with the tasks.py it runs on. */
export const APP_SHAPES: readonly (readonly [string, Readonly<Record<'tasks.py' | 'cli.py', string>>])[] = [
  ['match on the argv list with sequence patterns', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': MATCH_SEQUENCE_CLI }],
  ['if/elif on a name unpacked from sys.argv[1:]', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': UNPACKED_ARGV_CLI }],
  ['argparse subparsers and if/elif on args.command', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': SUBPARSERS_CLI }],
  ['a dict of handlers with a lambda, beside a record dict', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': LAMBDA_HANDLERS_CLI }],
];
