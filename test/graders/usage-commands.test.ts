import { describe, expect, it } from 'vitest';
import { commandsInUsage } from '../../graders/support/usage-commands.js';

const names = (text: string) => commandsInUsage(text, 'cli.py').map((command) => [command.name, ...command.placeholders].join(' '));

describe("the commands a start's usage text names", () => {
  it('alternatives on one line, with or without brackets and a program name', () => {
    expect(names('usage: python3 cli.py add <title> | list | done <index> | count | delete <index>')).toEqual([
      'add <title>',
      'list',
      'done <index>',
      'count',
      'delete <index>',
    ]);
    expect(names('Usage: python cli.py [add <text> | list | done <index> | count | delete <index>]')).toEqual([
      'add <text>',
      'list',
      'done <index>',
      'count',
      'delete <index>',
    ]);
  });

  it('one command per line, descriptions after them ignored, headings skipped', () => {
    const text =
      'usage: cli.py <command> [args]\ncommands:\n  add <title>      put a new task at the end\n  edit <index> <title>   rename one\n  clear-done       drop the finished ones\n';
    expect(names(text)).toEqual(['add <title>', 'edit <index> <title>', 'clear-done']);
  });

  it('CRLF, uppercase placeholders, and a repeated command read once', () => {
    expect(names('Usage:\r\n    python3 cli.py add TITLE\r\n    python3 cli.py done N\r\n    python3 cli.py add TITLE\r\n')).toEqual(['add TITLE', 'done N']);
  });

  it('nothing that looks like a usage text: no commands', () => {
    expect(names('Traceback (most recent call last):\n  File "cli.py", line 3\nSyntaxError: invalid syntax')).toEqual([]);
  });
});
