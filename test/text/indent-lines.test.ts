import { describe, expect, it } from 'vitest';
import { indentLines } from '../../src/text/indent-lines.js';

describe('indentLines', () => {
  it('prefixes every line and drops only the final line ending', () => {
    expect(indentLines('a\nb\n', '  | ')).toEqual(['  | a', '  | b']);
    expect(indentLines('a\n\n', '> ')).toEqual(['> a', '> ']);
    expect(indentLines('one', '    ')).toEqual(['    one']);
  });
});
