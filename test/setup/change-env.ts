/**
 * Sets (a string) or removes (undefined) variables of this process's environment, which the test workers and every
 * process they start inherit; returns what puts each one back as it was (the global set-ups' teardown).
 */
export function changeEnv(changes: Readonly<Record<string, string | undefined>>): () => void {
  const before = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]] as const));
  const apply = (values: Readonly<Record<string, string | undefined>>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(changes);
  return () => apply(before);
}
