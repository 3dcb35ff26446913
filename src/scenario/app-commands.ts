import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandResult } from '../process/command-result.js';
import { startLineSession, type LineSession } from '../process/line-session.js';
import { resolvePython } from '../process/resolve-python.js';
import { APP_COMMANDS_SOURCE } from './app-commands-source.js';

/** One command's outcome, as `python3 cli.py ARGS` run on its own would end. */
export interface AppCommandRun {
  /** The exit code; 128 + N when the command was killed by signal N. */
  readonly exitCode: number;
  /** True when the command was stopped at its time limit. */
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export interface AppCommandsRequest {
  /** Absolute path of the folder holding `cli.py`; each command's working folder. */
  readonly folder: string;
  /** The arguments after `python3 cli.py`, one list per command, run in this order. */
  readonly commands: readonly (readonly string[])[];
  /** The whole environment each command sees (nothing else is inherited); its PATH finds python3. */
  readonly env: Readonly<Record<string, string>>;
  /** Seconds each command may run before SIGALRM stops it. @default 20 */
  readonly secondsPerCommand?: number;
}

/**
 * What CPython reads from the environment while it starts (Python's docs, "Command line and environment":
 * the PYTHON* variables; the locale for the standard streams' encoding, PEP 538 and 540; TZ for the time
 * module): a server started with other values would not run a command as `python3 cli.py` started with the
 * request's environment does, so each set of them has servers of its own. HOME is read too, for the user site
 * folder (`~/.local/lib/pythonX.Y/site-packages`, put on sys.path when it exists): see userSiteHome.
 */
const READ_AT_START = /^(PYTHON.*|LC_ALL|LC_CTYPE|LANG|TZ)$/;

/**
 * The HOME a server's start depends on: none when HOME is set and holds no `.local/lib` (no user site folder, so a
 * start with it puts nothing of HOME on sys.path, and the fork recomputes `site.USER_BASE` and `site.USER_SITE` for its
 * own HOME), else HOME itself (`null` when unset, the password database's home then). So the scenario runs of one
 * process, each with a HOME of its own in its sandbox, share their servers.
 */
function userSiteHome(env: Readonly<Record<string, string>>): string | null | undefined {
  const home = env.HOME;
  if (home === undefined) return null;
  return existsSync(join(home, '.local', 'lib')) ? home : undefined;
}

/**
 * Idle servers kept for later requests, at most, per set of start-up variables (IDLE_KEPT_PER_START) and in all
 * (IDLE_KEPT): past either, the oldest such idle one is closed. Per set, so that a burst of requests with one set (a
 * behaviour check runs its two folders at once, in several scenarios at a time) does not close the servers of another
 * (the scenario steps') that the next requests need again: with one cap of 4 for all, the test worker that replayed
 * most scenarios of test/scenario and test/lab started 16 servers, now 8.
 */
const IDLE_KEPT_PER_START = 4;
const IDLE_KEPT = 12;

interface Server {
  readonly key: string;
  readonly session: LineSession;
}

const idle: Server[] = [];

function startKey(python: string, env: Readonly<Record<string, string>>): string {
  const read = Object.entries(env)
    .filter(([name]) => READ_AT_START.test(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([python, read, userSiteHome(env) ?? 'no user site']);
}

function takeServer(python: string, env: Readonly<Record<string, string>>): Server {
  const key = startKey(python, env);
  for (let index = idle.length - 1; index >= 0; index -= 1) {
    const server = idle[index];
    if (server === undefined || server.key !== key) continue;
    idle.splice(index, 1);
    if (server.session.alive) return server;
  }
  // Started from / with the request's environment, so the interpreter starts as `python3 cli.py` would there.
  return { key, session: startLineSession([python, '-c', APP_COMMANDS_SOURCE], { cwd: '/', env, countAs: 'python3' }) };
}

/** Closes the oldest idle server that `which` picks. */
function closeOldest(which: (server: Server) => boolean): void {
  const index = idle.findIndex(which);
  if (index !== -1) idle.splice(index, 1)[0]?.session.close();
}

function putBack(server: Server): void {
  if (!server.session.alive) return;
  idle.push(server);
  if (idle.filter((kept) => kept.key === server.key).length > IDLE_KEPT_PER_START) closeOldest((kept) => kept.key === server.key);
  if (idle.length > IDLE_KEPT) closeOldest(() => true);
}

function parseRuns(line: string, count: number): AppCommandRun[] | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    if (!Array.isArray(parsed) || parsed.length !== count) return undefined;
    return parsed.every((run) => typeof run === 'object' && run !== null && typeof (run as AppCommandRun).exitCode === 'number')
      ? (parsed as AppCommandRun[])
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `python3 cli.py ARGS` for each command, in order, in one folder: each command in a fresh fork of a Python
 * kept running between requests (APP_COMMANDS_SOURCE), so a scenario's app steps and behaviour checks start one
 * interpreter per environment instead of one per command. python3 is the interpreter on the request's PATH
 * (resolvePython). Requests at the same time go to servers of their own.
 *
 * @throws Error when the server could not be started or gave no answer in time (the commands' time limits and 10 s).
 */
export async function runAppCommands(request: AppCommandsRequest): Promise<AppCommandRun[]> {
  if (request.commands.length === 0) return [];
  const python = await resolvePython(request.env.PATH ?? '');
  const seconds = request.secondsPerCommand ?? 20;
  const server = takeServer(python, request.env);
  const line = JSON.stringify({ folder: request.folder, commands: request.commands, env: request.env, seconds });
  const answer = await server.session.ask(line, ((seconds + 1) * request.commands.length + 10) * 1000);
  const runs = answer.line === undefined ? undefined : parseRuns(answer.line, request.commands.length);
  if (runs === undefined) {
    server.session.close();
    const why = answer.timedOut ? 'gave no answer in time' : `ended (exit ${answer.exitCode ?? '?'}${answer.signal ? `, ${answer.signal}` : ''})`;
    throw new Error(`the app's command server ${why} in ${request.folder}: ${answer.stderr.trim().split('\n').pop() ?? ''}`);
  }
  putBack(server);
  return runs;
}

/** Where an app command ran and what it was: what a CommandResult says besides the run itself. */
export interface AppCommandOrigin {
  /** The command as a person would have typed it (`['python3', 'cli.py', ...ARGS]`). */
  readonly command: readonly string[];
  readonly cwd: string;
  /** When the request was made (ms since the epoch). */
  readonly startedAt: number;
}

/** One run of runAppCommands shaped as runProcess gives a run: no signal (a killed command has exit code 128 + N), ended now. */
export function asCommandResult(run: AppCommandRun, origin: AppCommandOrigin): CommandResult {
  return { ...origin, exitCode: run.exitCode, signal: undefined, timedOut: run.timedOut, stdout: run.stdout, stderr: run.stderr, endedAt: Date.now() };
}
