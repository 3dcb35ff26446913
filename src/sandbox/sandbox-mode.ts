/**
 * How the learner's app is isolated, from `WTLAB_SANDBOX`: `auto` (the default: a sandbox when one can
 * be made, else a warning), `require` (no sandbox is an error; what `--require-sandbox` sets, so batch
 * workers inherit it) or `none` (never; for machines where namespaces are known to be missing, and tests).
 */
export type SandboxMode = 'auto' | 'require' | 'none';

const MODES: readonly SandboxMode[] = ['auto', 'require', 'none'];

/** The mode `WTLAB_SANDBOX` asks for; an unknown value counts as `auto`. */
export function sandboxMode(env: NodeJS.ProcessEnv = process.env): SandboxMode {
  const value = env.WTLAB_SANDBOX?.trim().toLowerCase();
  return MODES.find((mode) => mode === value) ?? 'auto';
}
