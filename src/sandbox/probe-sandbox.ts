import { execFile } from 'node:child_process';
import { delimiter } from 'node:path';
import { locateExecutable } from '../process/locate-executable.js';
import { makeWorkspace } from './app-workspace.js';
import { planSandbox } from './plan-sandbox.js';
import { sandboxUser } from './sandbox-user.js';

/**
 * Whether a sandbox can be made here: plans one as the app driver would and starts `true` in it (about
 * 10 ms). Resolves to undefined when it can, else to the reason (bubblewrap missing, or its own error).
 */
export async function probeSandbox(path: string = process.env.PATH ?? '/usr/bin:/bin'): Promise<string | undefined> {
  const workspace = makeWorkspace(sandboxUser());
  try {
    const plan = planSandbox({
      program: locateExecutable('true', `${path}${delimiter}/usr/bin${delimiter}/bin`) ?? '/bin/true',
      args: [],
      writable: workspace.dir,
      path,
      env: { ...process.env, WTLAB_SANDBOX: 'auto' },
    });
    if (plan.tool === 'none') return plan.reason;
    const [file, ...args] = plan.command as [string, ...string[]];
    return await new Promise<string | undefined>((resolve) => {
      execFile(file, args, { cwd: '/', env: { PATH: path }, timeout: 20_000, ...(plan.user ?? {}) }, (error, _stdout, stderr) => {
        if (error === null) resolve(undefined);
        else resolve(`${plan.tool} could not make a sandbox here (${stderr.trim().split('\n').pop() || error.message})`);
      });
    });
  } finally {
    workspace.remove();
  }
}

/** The report's warning for an app run without a sandbox. */
export function unsandboxedWarning(reason: string): string {
  return `the learner's app ran without a sandbox (${reason}): it could read and write what the grading user can. Install bubblewrap (apt-get install bubblewrap) where user namespaces are allowed, or pass --require-sandbox to refuse to grade without one`;
}
