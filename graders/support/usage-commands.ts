/** A command a start's usage text names, with the argument placeholders written after it (`edit <index> <title>` gives `['<index>', '<title>']`). */
export interface UsageCommand {
  readonly name: string;
  readonly placeholders: readonly string[];
}

const COMMAND = /^[a-z][a-z0-9_-]*$/;
const PLACEHOLDER = /^(<[^>]*>|[A-Z][A-Z0-9_]*)$/;
const NOT_COMMANDS = new Set(['usage', 'python', 'python3', 'py', 'cli', 'commands', 'command', 'options', 'or']);

/** Drops a leading `usage:`-like label and everything up to the program's name (`python3 cli.py`), when the line has them. */
function afterProgram(line: string, entry: string): string {
  const at = line.indexOf(entry);
  if (at !== -1) return line.slice(at + entry.length);
  return line.replace(/^\s*[A-Za-z ]*:\s/, ' ');
}

/**
 * The commands a usage text names, read the way people write them: alternatives split by `|`
 * (`add <title> | list | done <index>`), or one command per line (`  add <title>   adds a task`),
 * each a lowercase word followed by its placeholders; descriptions after them are ignored. Pure.
 */
export function commandsInUsage(text: string, entry: string): UsageCommand[] {
  const found = new Map<string, UsageCommand>();
  // Not a usage text at all (a crash, a plain message): it names no command.
  if (text.includes('Traceback (most recent call last)') || !(text.includes(entry) || /usage|commands/i.test(text))) return [];
  for (const line of text.replace(/\r/g, '').split('\n')) {
    for (const chunk of afterProgram(line, entry).split('|')) {
      const tokens = chunk
        .replace(/[[\]{}()]/g, ' ')
        .trim()
        .split(/\s+/)
        .filter(Boolean);
      const name = tokens[0];
      if (name === undefined || !COMMAND.test(name) || NOT_COMMANDS.has(name) || found.has(name)) continue;
      const placeholders: string[] = [];
      for (const token of tokens.slice(1)) {
        if (!PLACEHOLDER.test(token)) break;
        placeholders.push(token);
      }
      found.set(name, { name, placeholders });
    }
  }
  return [...found.values()];
}
