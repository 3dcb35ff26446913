import { InvalidArgumentError } from 'commander';

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** Parses a whole number of at least 1 for options such as `--jobs`. */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('it must be a whole number of at least 1.');
  return parsed;
}

/** Builds a parser that accepts only the listed choices. */
export function oneOf<const T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`it must be one of ${choices.join(', ')}.`);
  };
}
