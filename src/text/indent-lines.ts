/**
 * The lines of a text, each with `prefix` in front. The text's own final line ending is not a line of
 * its own (`"a\nb\n"` gives two lines); a blank line before it is kept, since it is part of the output.
 */
export function indentLines(text: string, prefix: string): string[] {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `${prefix}${line}`);
}
