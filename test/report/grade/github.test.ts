import { expect, test } from 'vitest';
import { escapeCommandData, escapeCommandProperty, planGithubDelivery, renderGithub } from '../../../src/report/grade/github.js';
import { awkwardReport, failingReport, goldenReport } from './report-fixtures.js';

/** Undoes GitHub's workflow-command escaping, as the runner does. */
function unescape(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

test('a passing report makes no annotations', () => {
  expect(renderGithub([goldenReport])).toBe('');
});

test('failed checks are errors with file and line, grader errors warnings, skips notices', () => {
  const lines = renderGithub([failingReport]).trimEnd().split('\n');
  expect(lines).toHaveLength(5);
  expect(lines[1]).toBe(
    '::error file=cli.py,line=31,title=merged/no-conflict-markers::cli.py still has a conflict marker at line 31.%0AKeep both commands, delete the marker lines, then run: `git add cli.py`',
  );
  expect(lines.filter((line) => line.startsWith('::error '))).toHaveLength(3);
  expect(lines.filter((line) => line.startsWith('::warning '))).toEqual([expect.stringContaining('title=concepts/quiz-answers::wtlab could not read')]);
  expect(lines.filter((line) => line.startsWith('::notice '))).toEqual([expect.stringContaining('title=cleaned-up/only-main-worktree::Skipped:')]);
  expect(renderGithub([failingReport], { annotateSkips: false })).not.toContain('::notice');
});

test('escapes % CR LF in data, and : , too in properties, so each annotation is one line', () => {
  expect(escapeCommandData('100% a:b,c\r\nd')).toBe('100%25 a:b,c%0D%0Ad');
  expect(escapeCommandProperty('100% a:b,c\r\nd')).toBe('100%25 a%3Ab%2Cc%0D%0Ad');
  const text = renderGithub([awkwardReport]);
  expect(text.trimEnd().split('\n')).toHaveLength(1);
  expect(text).toBe('::error file=src/a%2Cb%3Ac.py,line=7,title=merged/no-conflict-markers::100%25 wrong: line one,%0D%0Aline two\n');
  const match = /^::error (?<properties>[^:]*)::(?<message>.*)$/.exec(text.trimEnd());
  expect(match?.groups?.properties?.split(',').map((pair) => pair.split('=').map(unescape))).toEqual([
    ['file', 'src/a,b:c.py'],
    ['line', '7'],
    ['title', 'merged/no-conflict-markers'],
  ]);
  expect(unescape(match?.groups?.message ?? '')).toBe(awkwardReport.criteria[0]!.checks[0]!.message);
});

test('plans the markdown summary for $GITHUB_STEP_SUMMARY only when it is set', () => {
  const context = (env: Record<string, string>) => ({ env, isTTY: false, pathExists: () => false });
  const rendered = renderGithub([failingReport]);
  const plan = planGithubDelivery(rendered, [failingReport], context({ GITHUB_STEP_SUMMARY: '/tmp/summary.md' }));
  expect(plan.primary).toEqual({ destination: { kind: 'stdout' }, text: rendered });
  expect(plan.extra).toHaveLength(1);
  expect(plan.extra[0]?.destination).toEqual({ kind: 'append', path: '/tmp/summary.md' });
  expect(plan.extra[0]?.text).toContain('| ❌ | `merged` Both features merged | failed | 0/20 |');
  expect(plan.extra[0]?.text).toContain('```text\n* 3f9a1c2 (HEAD -> main, feature/wipe) Add wipe command');
  expect(planGithubDelivery(rendered, [failingReport], context({})).extra).toEqual([]);
  expect(planGithubDelivery(rendered, [failingReport], context({ GITHUB_STEP_SUMMARY: '/tmp/s' }), { stepSummary: false }).extra).toEqual([]);
});
