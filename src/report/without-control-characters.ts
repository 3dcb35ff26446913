/** C0 controls other than tab and line feed, DEL, and C1 controls: bytes a terminal, XML or a CI log would act on or choke on. */
// eslint-disable-next-line no-control-regex -- matching control characters is this function's purpose
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text with every control character (except tab and line feed) written as a visible `\uXXXX` escape. */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A deep copy of a report (any JSON-shaped value) whose every string, keys included, has its control
 * characters escaped (see `escapeControlCharacters`). Applied once where reports leave wtlab, so no format
 * carries a NUL, an escape sequence or a carriage return that a learner's file or path put in a message.
 */
export function withoutControlCharacters<T>(value: T): T {
  if (typeof value === 'string') return escapeControlCharacters(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutControlCharacters(item)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [escapeControlCharacters(key), withoutControlCharacters(item)])) as T;
  }
  return value;
}
