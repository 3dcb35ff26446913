/** This process's environment with `changes` on top, as the complete environment `runProcess` takes (for tools such as make and apt-get that need PATH and the rest). */
export function inheritedEnv(changes: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  return { ...env, ...changes };
}
