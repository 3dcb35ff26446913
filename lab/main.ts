// The `wtlab` command line for module 7's lab: the engine's CLI given this lab (bin/wtlab.js starts it from the bundle).
import { main as runCli } from '../src/cli/main.js';

/** Runs `wtlab` with `argv` as `process.argv` gives it; the lab loads only when a subcommand needs it (not for `--version`). */
export async function main(argv: readonly string[]): Promise<void> {
  await runCli(argv, { loadLab: async () => (await import('./index.js')).lab });
}
