import { expect, test } from 'vitest';
import { prettyReporter, renderPretty } from '../../../src/report/grade/pretty.js';
import { failingReport, goldenReport } from './report-fixtures.js';

const context = (isTTY: boolean, env: Record<string, string | undefined> = {}) => ({ env, isTTY, pathExists: () => false });

test('puts stage and next step first, then the score', () => {
  const lines = renderPretty([failingReport]).split('\n');
  expect(lines[1]).toBe('Stage: merging · Next: Resolve the conflict in cli.py, then run `git add cli.py && git commit`.');
  expect(lines[2]).toBe('Score: 40/100');
});

test('shows the location, evidence and hint of a failed check under its criterion', () => {
  const text = renderPretty([failingReport]);
  const merged = text.slice(text.indexOf('✗ merged'), text.indexOf('- cleaned-up'));
  expect(merged).toContain('✗ merged · Both features merged · 0/20');
  expect(merged).toContain('✗ no-conflict-markers: cli.py still has a conflict marker at line 31. (cli.py:31)');
  expect(merged).toContain('        cli.py:31: <<<<<<< HEAD');
  expect(merged).toContain('→ Keep both commands, delete the marker lines, then run: `git add cli.py`');
});

test('marks the merge in the commit graph', () => {
  expect(renderPretty([goldenReport])).toContain("Merge branch 'feature/remaining' ← merge");
});

test('can leave out passing checks, evidence and the graph', () => {
  const text = renderPretty([failingReport], { showPassing: false, showEvidence: false, showGraph: false });
  expect(text).not.toContain('wipe-in-main');
  expect(text).not.toContain('<<<<<<< HEAD');
  expect(text).not.toContain('Commit graph');
  expect(text).toContain('no-conflict-markers');
});

test('colours on a TTY only, and never when NO_COLOR is set', () => {
  const colored = renderPretty([failingReport], prettyReporter.optionsFor?.(context(true)));
  expect(colored).toMatch(/\u001b\[31m✗/);
  expect(colored).toMatch(/\u001b\[2m {8}cli\.py:31: <<<<<<< HEAD/);
  expect(renderPretty([failingReport], prettyReporter.optionsFor?.(context(true, { NO_COLOR: '1' })))).not.toMatch(/\u001b\[/);
  expect(renderPretty([failingReport], prettyReporter.optionsFor?.(context(false)))).not.toMatch(/\u001b\[/);
});
