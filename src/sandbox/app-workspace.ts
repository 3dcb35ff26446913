import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cp, lchown, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reachableBy, type SandboxUser } from './sandbox-user.js';

/** The folder a sandbox may write (bound read-write at the same path inside); every run of its app gets a slot in it. */
export interface AppWorkspace {
  readonly dir: string;
  /** Removes the folder (also done when this process exits). */
  remove(): void;
  /** Removes everything a run left in it (after the run: nothing runs in the sandbox then), so the next run, another submission's, finds it empty. */
  clear(): Promise<void>;
}

/** Where one run happens: the export it runs in, its HOME and TMPDIR, and the driver's two files. */
export interface RunSlot {
  readonly folder: string;
  readonly home: string;
  readonly tmp: string;
  readonly resultFile: string;
  readonly progressFile: string;
  /** Removes the slot and all the run left in it. */
  remove(): Promise<void>;
}

const live = new Set<string>();
let cleansOnExit = false;

function removeOnExit(dir: string): void {
  live.add(dir);
  if (cleansOnExit) return;
  cleansOnExit = true;
  process.once('exit', () => {
    for (const folder of live) rmSync(folder, { recursive: true, force: true });
  });
}

const PREFIX = 'wtlab-app-';

/** Removes workspaces whose process is gone (killed before its exit handler ran: a batch worker stopped for taking too long). */
function sweepOrphans(base: string): void {
  let names: string[];
  try {
    names = readdirSync(base).filter((name) => name.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^wtlab-app-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(base, name), { recursive: true, force: true });
    }
  }
}

/**
 * Makes a fresh workspace in the temp folder (in `/tmp` when the sandbox user could not reach the usual
 * one), owned by `user` when given, named after this process so that a later one can remove it if this
 * process is killed.
 */
export function makeWorkspace(user: SandboxUser | undefined): AppWorkspace {
  const base = user === undefined || reachableBy(tmpdir(), user) ? tmpdir() : '/tmp';
  sweepOrphans(base);
  const dir = mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
  if (user !== undefined) chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  removeOnExit(dir);
  return {
    dir,
    remove() {
      live.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
    async clear() {
      // `.root` is where unshare's sandbox mounted its root: removing it would take that root away.
      const names = (await readdir(dir, { encoding: 'buffer' }).catch(() => [])).filter((name) => name.toString('latin1') !== '.root');
      await Promise.all(names.map((name) => rm(Buffer.concat([Buffer.from(`${dir}/`), name]), { recursive: true, force: true, maxRetries: 3 })));
    },
  };
}

/** Gives a tree to `user`, by bytes: a file name that is not UTF-8 is still found. */
async function chownTree(path: Buffer, user: SandboxUser): Promise<void> {
  await lchown(path, user.uid, user.gid);
  const entries = await readdir(path, { withFileTypes: true, encoding: 'buffer' }).catch(() => []);
  await Promise.all(
    entries.map((entry) => {
      const child = Buffer.concat([path, Buffer.from('/'), entry.name]);
      return entry.isDirectory() ? chownTree(child, user) : lchown(child, user.uid, user.gid);
    }),
  );
}

/** Moves `folder` (an export) into a new slot of the workspace: a rename, or a copy across file systems. */
export async function takeIntoSlot(workspace: AppWorkspace, folder: string, user: SandboxUser | undefined): Promise<RunSlot> {
  const dir = await mkdtemp(join(workspace.dir, 'run-'));
  const slot: RunSlot = {
    folder: join(dir, 'export'),
    home: join(dir, 'home'),
    tmp: join(dir, 'tmp'),
    resultFile: join(dir, 'result.json'),
    progressFile: join(dir, 'progress.txt'),
    remove: () => rm(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
  try {
    await rename(folder, slot.folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(folder, slot.folder, { recursive: true, verbatimSymlinks: true });
    await rm(folder, { recursive: true, force: true });
  }
  await Promise.all([mkdir(slot.home), mkdir(slot.tmp)]);
  if (user !== undefined) await chownTree(Buffer.from(dir), user);
  return slot;
}

/** A slot for a run without a sandbox: the export stays where it is, the rest goes into `scratch`. */
export async function slotInPlace(folder: string, scratch: string): Promise<RunSlot> {
  const slot: RunSlot = {
    folder,
    home: join(scratch, 'app-home'),
    tmp: join(scratch, 'app-tmp'),
    resultFile: join(scratch, 'app-result.json'),
    progressFile: join(scratch, 'app-progress.txt'),
    remove: async () => undefined,
  };
  await Promise.all([mkdir(slot.home, { recursive: true }), mkdir(slot.tmp, { recursive: true })]);
  return slot;
}
