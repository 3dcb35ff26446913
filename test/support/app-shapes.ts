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
    "list": lambda tasks, args: print(*(f"{r['title']} ({'done' if r['done'] else 'open'})" for r in tasks.records), sep="\\n"),
    "done": do_done,
    "delete": do_delete,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    COMMANDS[sys.argv[1]](TaskList.load(), sys.argv[2:])
`;

/** A run of sibling \`if command == ...:\` statements, each ending in a return, the usage after them. */
export const SEQUENTIAL_IFS_CLI = `import sys

from tasks import TaskList

USAGE = "add <title> | list | done <index> | delete <index>"
NEW = {"title": None, "done": False}


def main(args):
    command = args[0] if args else ""
    tasks = TaskList.load()
    if command == "add":
        tasks.add({**NEW, "title": " ".join(args[1:])})
        tasks.save()
        print("task added")
        return 0
    if command == "list":
        for number, record in enumerate(tasks.records):
            print(number, record["title"], "[done]" if record["done"] else "")
        return 0
    if command == "done":
        tasks.done(int(args[1]))
        tasks.save()
        print("task done")
        return 0
    if command == "delete":
        tasks.delete(int(args[1]))
        tasks.save()
        print("task deleted")
        return 0
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
`;

/** A \`match sys.argv:\` with the program name in each pattern, or-patterns for aliases, a fallback capture. */
export const MATCH_WHOLE_ARGV_CLI = `import sys

from tasks import TaskList

USAGE = "add <title> | list | done <index> | delete <index>"

tasks = TaskList.load()
match sys.argv:
    case [_, "add", *title] if title:
        tasks.add({"title": " ".join(title), "done": False})
        tasks.save()
    case [_, "list"] | [_, "ls"]:
        for index, record in enumerate(tasks.records):
            print(index, record["title"], record["done"])
    case [_, "done", index] | [_, "finish", index]:
        tasks.done(int(index))
        tasks.save()
    case [_, "delete", index]:
        tasks.delete(int(index))
        tasks.save()
    case [_, *other]:
        sys.exit(USAGE)
`;

/** A dict of handlers that are all lambdas. */
export const ALL_LAMBDAS_CLI = `import sys

from tasks import TaskList

USAGE = "add <title> | list | done <index> | delete <index>"
ACTIONS = {
    "add": lambda tasks, rest: (tasks.add({"title": " ".join(rest), "done": False}), tasks.save(), print("ok")),
    "list": lambda tasks, rest: [print(i, r["title"], r["done"]) for i, r in enumerate(tasks.records)],
    "done": lambda tasks, rest: (tasks.done(int(rest[0])), tasks.save(), print("ok")),
    "delete": lambda tasks, rest: (tasks.delete(int(rest[0])), tasks.save(), print("ok")),
}

if __name__ == "__main__":
    if sys.argv[1:2] and sys.argv[1] in ACTIONS:
        ACTIONS[sys.argv[1]](TaskList.load(), sys.argv[2:])
    else:
        print(USAGE)
        sys.exit(1)
`;

/** argparse subparsers that choose their handler with \`set_defaults(func=...)\`. */
export const SET_DEFAULTS_CLI = `import argparse

from tasks import TaskList


def cmd_add(args):
    tasks = TaskList.load()
    tasks.add({"title": " ".join(args.title), "done": False})
    tasks.save()
    print("added")


def cmd_list(args):
    tasks = TaskList.load()
    for i, record in enumerate(tasks.records):
        print(i, record["title"], "done" if record["done"] else "open")


def cmd_done(args):
    tasks = TaskList.load()
    tasks.done(args.index)
    tasks.save()
    print("ok")


def cmd_delete(args):
    tasks = TaskList.load()
    tasks.delete(args.index)
    tasks.save()
    print("ok")


def main():
    parser = argparse.ArgumentParser(usage="cli.py add <title> | list | done <index> | delete <index>")
    sub = parser.add_subparsers(required=True)
    add = sub.add_parser("add")
    add.add_argument("title", nargs="+")
    add.set_defaults(func=cmd_add)
    sub.add_parser("list").set_defaults(func=cmd_list)
    done = sub.add_parser("done")
    done.add_argument("index", type=int)
    done.set_defaults(func=cmd_done)
    delete = sub.add_parser("delete")
    delete.add_argument("index", type=int)
    delete.set_defaults(func=cmd_delete)
    args = parser.parse_args()
    args.func(args)


main()
`;

/** A \`match\` on the command name with value or-patterns for aliases and a capture as its fallback. */
export const MATCH_ALIASES_CLI = `import sys
from tasks import TaskList
USAGE = "add <t> | list | done <index> | delete <index>"
def main(argv):
    tasks = TaskList.load()
    command = argv[0] if argv else None
    match command:
        case "add":
            tasks.add({"title": " ".join(argv[1:]), "done": False}); tasks.save()
        case "list" | "ls":
            print("\\n".join(f"{i} {r['title']}{' [x]' if r['done'] else ''}" for i, r in enumerate(tasks.records)) or "nothing yet")
        case "done" | "finish":
            tasks.done(int(argv[1]))
            tasks.save()
        case "delete" | "rm":
            tasks.delete(int(argv[1]))
            tasks.save()
        case other:
            print(USAGE)
            return 1
    return 0
sys.exit(main(sys.argv[1:]))
`;

/** argparse subparsers at module level and a \`match args.cmd:\`. */
export const SUBPARSERS_MATCH_CLI = `import argparse
from tasks import TaskList
parser = argparse.ArgumentParser(usage="add <t> | list | done <index> | delete <index>")
sub = parser.add_subparsers(dest="cmd")
sub.add_parser("add").add_argument("title", nargs="+")
sub.add_parser("list")
sub.add_parser("done").add_argument("index", type=int)
sub.add_parser("delete").add_argument("index", type=int)
args = parser.parse_args()
tasks = TaskList.load()
match args.cmd:
    case "add":
        tasks.add({"title": " ".join(args.title), "done": False})
        tasks.save()
    case "list":
        for record in tasks.records:
            print("-", record["title"], "(done)" if record["done"] else "")
    case "done":
        tasks.done(args.index)
        tasks.save()
    case "delete":
        tasks.delete(args.index)
        tasks.save()
    case _:
        parser.print_usage()
`;

/** Every app above by name, each with the tasks.py it runs on. */
export const APP_SHAPES: readonly (readonly [string, Readonly<Record<'tasks.py' | 'cli.py', string>>])[] = [
  ['match on the argv list with sequence patterns', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': MATCH_SEQUENCE_CLI }],
  ['if/elif on a name unpacked from sys.argv[1:]', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': UNPACKED_ARGV_CLI }],
  ['argparse subparsers and if/elif on args.command', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': SUBPARSERS_CLI }],
  ['a dict of handlers with a lambda, beside a record dict', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': LAMBDA_HANDLERS_CLI }],
  ['a run of sibling ifs, each ending in a return', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': SEQUENTIAL_IFS_CLI }],
  ['match on sys.argv with the program name, or-patterns and a fallback capture', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': MATCH_WHOLE_ARGV_CLI }],
  ['a dict of handlers that are all lambdas', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': ALL_LAMBDAS_CLI }],
  ['argparse subparsers choosing handlers with set_defaults(func=...)', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': SET_DEFAULTS_CLI }],
  ['match on the command name with or-patterns for aliases', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': MATCH_ALIASES_CLI }],
  ['argparse subparsers and a match on args.cmd', { 'tasks.py': DICT_RECORDS_TASKS, 'cli.py': SUBPARSERS_MATCH_CLI }],
];
