import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_PROBE, appScript } from '../../graders/lab.js';
import { SCRIPT_TASKS, LAST_TASK } from '../../graders/support/app-script.js';
import { runApp } from '../../src/evidence/run-app.js';
import { packageRoot } from '../../src/paths/package-root.js';
import { VARIANT_CODE } from '../support/start-variant-code.js';

/** Where lab knowledge may live but no app's own words may: graders, scenarios and the engine. */
const SEARCHED = ['graders', 'scenarios', 'src'];

/**
 * Files allowed to hold an app's words for now. Empty since the simulated agents and the lab
 * scenario act on the app's structure; it may only shrink: a file listed here that no longer holds
 * any app's words fails the test.
 */
const NOT_YET_FREE = new Set<string>([]);

const scratch = mkdtempSync(join(tmpdir(), 'wtlab-app-texts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The texts an app prints, cut around our own task titles and numbers: `added: alpha task` gives `added:`. */
function piecesOf(output: string): string[] {
  const ours = [...SCRIPT_TASKS, LAST_TASK, 'renamed task'];
  let text = output;
  for (const title of ours) text = text.split(title).join('\0');
  return (
    text
      .split(/[\0\n\d]/)
      .map((piece) => piece.trim())
      .filter((piece) => piece.length >= 5 && (piece.match(/[A-Za-z]/g) ?? []).length >= 4)
      // A bare word shorter than 6 letters (`tasks`, `empty`) is too common in prose and code to tell anything.
      .filter((piece) => !/^[A-Za-z]{1,5}$/.test(piece))
  );
}

const printed = new Map<string, Set<string>>();

beforeAll(async () => {
  for (const [name, code] of Object.entries(VARIANT_CODE)) {
    // Each run gets a copy of its own: a sandboxed run takes its folder away.
    const [probeFolder, runFolder] = [join(scratch, `${name}-probe-app`), join(scratch, `${name}-run-app`)];
    cpSync(code.start, probeFolder, { recursive: true });
    cpSync(code.start, runFolder, { recursive: true });
    const probe = await runApp({ folder: probeFolder, plan: APP_PROBE, scratch: join(scratch, `${name}-probe`) });
    const run = await runApp({ folder: runFolder, plan: appScript(probe), scratch: join(scratch, `${name}-run`) });
    // The usage text is left out: naming `python3 cli.py` and `done <index>` is the module's shape, which hints and agents rightly use.
    const spoken = run.runs.filter((result) => result.args.length > 0 && !/usage/i.test(result.stdout + result.stderr));
    printed.set(name, new Set(spoken.flatMap((result) => [...piecesOf(result.stdout), ...piecesOf(result.stderr)])));
  }
}, 120_000);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Whether a source holds a piece in a string, template or regex literal. A bare word (`updated`) counts
 * only as a whole literal (`'updated'`, `/updated/`); other text when a literal starts with it
 * (`'added: write report'` holds `added:`), or anywhere once it is long enough to be unmistakable.
 */
function holds(source: string, piece: string): boolean {
  const escaped = piece.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  if (/^[A-Za-z]+$/.test(piece)) return new RegExp(`(['"\`/])\\^?${escaped}\\$?\\1`).test(source) || new RegExp(`/\\^?${escaped}\\$?/`).test(source);
  if (piece.length >= 12 && source.includes(piece)) return true;
  return new RegExp(`['"\`/]\\^?${escaped}(?![\\w.-])`).test(source);
}

describe('no grader, scenario or engine file holds what any start snapshot prints', () => {
  it('each start prints something to look for', () => {
    for (const name of Object.keys(VARIANT_CODE)) expect(printed.get(name)?.size ?? 0, name).toBeGreaterThan(2);
  });

  it.each(SEARCHED)('%s/', (dir) => {
    const found: string[] = [];
    const waiting = new Set<string>();
    for (const file of sources(join(packageRoot(), dir))) {
      const text = readFileSync(file, 'utf8');
      const path = relative(packageRoot(), file);
      for (const [name, pieces] of printed) {
        for (const piece of pieces) {
          if (!holds(text, piece)) continue;
          if (NOT_YET_FREE.has(path)) waiting.add(path);
          else found.push(`${path} holds ${JSON.stringify(piece)} (printed by the ${name} start)`);
        }
      }
    }
    expect(found).toEqual([]);
    const free = [...NOT_YET_FREE].filter((path) => path.startsWith(`${dir}/`) && !waiting.has(path));
    expect(free, "these no longer hold any app's words: take them off NOT_YET_FREE").toEqual([]);
  });
});
