import type { GitBinary } from './git-binary.js';

export interface SealedEnvOptions {
  readonly git: GitBinary;
  /** A temporary HOME, so no user config is read and nothing is written to the real one. */
  readonly home: string;
  /** A folder whose `git` is the chosen binary, put first on PATH for scripts that call `git`. */
  readonly shimDir?: string;
  /** Author and committer date for every commit, e.g. `2026-01-01T00:00:00Z`, for reproducible hashes. */
  readonly date?: string;
  /** Variables added on top (the last word). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** The fixed identity that scenario commits are made with. */
export const SCENARIO_IDENTITY = { name: 'Lab Learner', email: 'learner@example.com' } as const;

/** The whole environment for a git call or a lab script: no system or global config, C locale, temp HOME. */
export function sealedEnv(options: SealedEnvOptions): Record<string, string> {
  const basePath = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  const env: Record<string, string> = {
    PATH: options.shimDir ? `${options.shimDir}:${basePath}` : basePath,
    HOME: options.home,
    XDG_CONFIG_HOME: `${options.home}/.config`,
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    LC_ALL: 'C',
    LANG: 'C',
    TZ: 'UTC',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    GIT_MERGE_AUTOEDIT: 'no',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_AUTHOR_NAME: SCENARIO_IDENTITY.name,
    GIT_AUTHOR_EMAIL: SCENARIO_IDENTITY.email,
    GIT_COMMITTER_NAME: SCENARIO_IDENTITY.name,
    GIT_COMMITTER_EMAIL: SCENARIO_IDENTITY.email,
    PYTHONDONTWRITEBYTECODE: '1',
  };
  if (options.git.execPath !== undefined) env.GIT_EXEC_PATH = options.git.execPath;
  if (options.date !== undefined) {
    env.GIT_AUTHOR_DATE = options.date;
    env.GIT_COMMITTER_DATE = options.date;
  }
  return { ...env, ...options.extra };
}
