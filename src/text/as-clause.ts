/**
 * A message from a library or from git made ready to be followed by our own sentence: surrounding blanks and final
 * periods dropped (`"file is truncated."` reads `file is truncated`), so that `${clause}. Next...` has one period.
 */
export function asClause(message: string): string {
  return message.trim().replace(/[\s.]+$/, '');
}
