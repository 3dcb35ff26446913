import { parseGitVersion } from '../git/git-binary.js';
import { runProcess } from '../process/run-process.js';

/** Version a git binary reports with its exec path set, or undefined when it does not run. */
export async function probeGitVersion(bin: string, execPath: string | null = null): Promise<string | undefined> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', HOME: '/nonexistent' };
  if (execPath !== null) env.GIT_EXEC_PATH = execPath;
  const result = await runProcess([bin, '--version'], { cwd: '/', env, timeoutMs: 10_000 });
  return result.exitCode === 0 ? parseGitVersion(result.stdout) : undefined;
}
