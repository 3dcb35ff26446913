import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../learners/variants/support/segments.js';
import { check, git } from '../../src/scenario/steps.js';
import { escapeControlCharacters, withoutControlCharacters } from '../../src/report/without-control-characters.js';
import { GRADE_FORMATS } from '../../src/report/grade/index.js';
import { wtlab } from '../support/cli.js';
import { buildRoad, removeRoadsAfterAll } from '../support/grade-road.js';
import { REPO } from '../../scenarios/support/names.js';

removeRoadsAfterAll();

/** Any control character but tab and line feed. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('escapeControlCharacters', () => {
  it('writes NUL, escape, carriage return, DEL and C1 controls as visible escapes, and keeps tab, line feed and other text', () => {
    expect(escapeControlCharacters('a\u0000b\u001b[31mc\rd\u007fe\u0085f\tg\nh é')).toBe('a\\u0000b\\u001b[31mc\\u000dd\\u007fe\\u0085f\tg\nh é');
  });

  it('reaches every string of a report, keys and nested arrays included, and leaves numbers alone', () => {
    expect(withoutControlCharacters({ a: ['x\u0000', { 'k\u0001': 'v\u0002' }], n: 3 })).toEqual({ a: ['x\\u0000', { 'k\\u0001': 'v\\u0002' }], n: 3 });
  });
});

describe('a quiz file saved as UTF-16, committed: every report format', () => {
  let repo: string;
  let out: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'wtlab-utf16-'));
    repo = (
      await buildRoad('utf-16-quiz-file', [
        ...start(),
        check('an editor saves the quiz as UTF-16', async (context) => {
          const { writeFile } = await import('node:fs/promises');
          await writeFile(
            context.path(`${REPO}/worktree-quiz.json`),
            Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"schemaVersion": 1, "answers": {"commits": "shared"}}\n', 'utf16le')]),
          );
          return [];
        }),
        git('stage it', REPO, ['add', 'worktree-quiz.json']),
        git('commit it', REPO, ['commit', '-m', 'Answer the quiz']),
      ])
    ).repo;
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.each(GRADE_FORMATS)('%s: carries no control character (and names the encoding where it shows messages)', async (format) => {
    const file = join(out, `report.${format}`);
    const run = await wtlab(['grade', repo, '--format', `${format}=${file}`], { env: { GITHUB_STEP_SUMMARY: '' } });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    const written = readFileSync(file, 'utf8');
    // Classroom's result is base64 of JSON: what its reader decodes is what must be clean.
    const text = format === 'classroom' ? Buffer.from(written.trim(), 'base64').toString('utf8') : written;
    if (format !== 'classroom') expect(text).toContain('is saved as UTF-16, not UTF-8');
    expect(text).not.toMatch(CONTROL);
  });
});
