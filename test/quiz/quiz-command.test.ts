import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quizItems } from '../../graders/quiz/index.js';
import { wtlab } from '../support/cli.js';

const base = mkdtempSync(join(tmpdir(), 'wtlab-quiz-cli-'));
const repo = join(base, 'tasks-app');
const linked = join(base, 'tasks-app-wipe');
const outside = join(base, 'not-a-repo');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: base },
    stdio: 'ignore',
  });
}

function quizFile(folder: string): unknown {
  return JSON.parse(readFileSync(join(folder, 'worktree-quiz.json'), 'utf8'));
}

beforeAll(() => {
  execFileSync('mkdir', ['-p', repo, outside]);
  git(base, 'init', '-q', '-b', 'main', repo);
  writeFileSync(join(repo, 'cli.py'), 'print("hi")\n');
  git(repo, 'add', 'cli.py');
  git(repo, 'commit', '-q', '-m', 'start');
  git(repo, 'worktree', 'add', '-q', '-b', 'feature/wipe', linked);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('wtlab quiz, without a terminal', () => {
  it('writes the --answer values to worktree-quiz.json and prints the commands to commit it', async () => {
    const run = await wtlab(['quiz', '--answer', 'index=per-worktree', '--answer', 'commits=shared', '--answer', 'stash=s', '--answer', 'head=w'], {
      cwd: repo,
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(quizFile(repo)).toEqual({ schemaVersion: 1, answers: { commits: 'shared', stash: 'shared', index: 'per-worktree', head: 'per-worktree' } });
    expect(run.stdout).toContain('Wrote 4 of');
    expect(run.stdout).toContain('  git add worktree-quiz.json\n  git commit -m "Answer the worktree quiz"\n');
  });

  it('writes into the main worktree when run from a linked one, and says where to commit', async () => {
    rmSync(join(repo, 'worktree-quiz.json'), { force: true });
    const run = await wtlab(['quiz', '--answer', 'tags=shared'], { cwd: linked });
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(linked, 'worktree-quiz.json'))).toBe(false);
    expect(quizFile(repo)).toEqual({ schemaVersion: 1, answers: { tags: 'shared' } });
    expect(run.stdout).toContain(`  cd ${repo}\n`);
  });

  it('takes --answers-file, with --answer flags winning over it', async () => {
    const every = Object.fromEntries(quizItems.map((item) => [item.id, 'shared']));
    const file = join(base, 'answers.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, answers: every }));
    const run = await wtlab(['quiz', '--answers-file', file, '--answer', 'index=per-worktree'], { cwd: repo });
    expect(run.exitCode).toBe(0);
    expect(quizFile(repo)).toEqual({ schemaVersion: 1, answers: { ...every, index: 'per-worktree' } });
    expect(run.stdout).not.toContain('No answer yet');
  });

  it('prints every item id and question with --print, even outside a repository', async () => {
    const run = await wtlab(['quiz', '--print'], { cwd: outside });
    expect(run.exitCode).toBe(0);
    for (const item of quizItems) expect(run.stdout).toContain(`${item.id.padEnd(22)} ${item.topic}\n`);
  });

  it.each([
    [
      'no terminal and no answers',
      [],
      repo,
      /^wtlab: standard input is not a terminal, so the quiz cannot ask\. Pass the answers instead: wtlab quiz --answer /,
    ],
    [
      'a folder outside any repository',
      ['--answer', 'index=shared'],
      outside,
      /^wtlab: .*not-a-repo is not inside a git work tree\. Run it in your repository: cd tasks-app && wtlab quiz\n$/,
    ],
    ['an unknown item id', ['--answer', 'comits=shared'], repo, /^wtlab: --answer comits=shared names no quiz item "comits"\. The ids are: /],
    ['an answer that is neither', ['--answer', 'index=both'], repo, /^wtlab: --answer index=both has "both", which is neither shared nor per-worktree/],
    ['a flag without =', ['--answer', 'index'], repo, /^wtlab: --answer index is not ID=ANSWER/],
    [
      'a missing answers file',
      ['--answers-file', '/nonexistent/answers.json'],
      repo,
      /^wtlab: answers file \/nonexistent\/answers\.json cannot be read \(ENOENT\)/,
    ],
  ])('refuses %s with one line and exit 2', async (_label, args, cwd, message) => {
    const before = existsSync(join(repo, 'worktree-quiz.json')) ? readFileSync(join(repo, 'worktree-quiz.json'), 'utf8') : undefined;
    const run = await wtlab(['quiz', ...args], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    const after = existsSync(join(repo, 'worktree-quiz.json')) ? readFileSync(join(repo, 'worktree-quiz.json'), 'utf8') : undefined;
    expect(after).toBe(before);
  });

  it('where the answers cannot be written (a link to a missing folder): one line and exit 2, nothing else touched', async () => {
    rmSync(join(repo, 'worktree-quiz.json'), { force: true });
    symlinkSync(join(base, 'missing-folder', 'answers.json'), join(repo, 'worktree-quiz.json'));
    try {
      const run = await wtlab(['quiz', '--answer', 'tags=shared'], { cwd: repo });
      expect({ exitCode: run.exitCode, stdout: run.stdout }).toEqual({ exitCode: 2, stdout: '' });
      expect(run.stderr).toMatch(/^wtlab: cannot write .*worktree-quiz\.json \(ENOENT\), so the answers were not saved\. [^\n]*\n$/);
      expect(existsSync(join(base, 'missing-folder'))).toBe(false);
    } finally {
      rmSync(join(repo, 'worktree-quiz.json'), { force: true });
    }
  });

  it('refuses a broken answers file, naming the JSON error', async () => {
    const file = join(base, 'broken.json');
    writeFileSync(file, '{"schemaVersion": 1, "answers": {');
    const run = await wtlab(['quiz', '--answers-file', file], { cwd: repo });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^wtlab: answers file .*broken\.json is not valid JSON \(.+\)/);
  });
});

describe('wtlab quiz adds to the answers already there', () => {
  const every = () => Object.fromEntries(quizItems.map((item) => [item.id, 'shared']));
  const file = () => join(repo, 'worktree-quiz.json');

  it('one --answer on a file of every answer: all kept, that one changed, and it says so', async () => {
    writeFileSync(file(), `${JSON.stringify({ schemaVersion: 1, answers: every() }, null, 2)}\n`);
    const run = await wtlab(['quiz', '--answer', 'index=per-worktree'], { cwd: repo });
    expect(run.exitCode).toBe(0);
    expect(quizFile(repo)).toEqual({ schemaVersion: 1, answers: { ...every(), index: 'per-worktree' } });
    expect(run.stdout).toContain(`Wrote ${quizItems.length} of ${quizItems.length} answers`);
    expect(run.stdout).toContain(`Kept ${quizItems.length - 1} earlier answer(s) from the file; changed: index.`);
  });

  it('reads a file an editor saved with a UTF-8 byte order mark', async () => {
    writeFileSync(file(), `\uFEFF${JSON.stringify({ schemaVersion: 1, answers: { commits: 'shared', head: 'per-worktree' } })}`);
    const run = await wtlab(['quiz', '--answer', 'tags=shared'], { cwd: repo });
    expect(run.exitCode).toBe(0);
    expect(quizFile(repo)).toEqual({ schemaVersion: 1, answers: { commits: 'shared', tags: 'shared', head: 'per-worktree' } });
  });

  it('--replace writes only the answers given', async () => {
    writeFileSync(file(), JSON.stringify({ schemaVersion: 1, answers: every() }));
    const run = await wtlab(['quiz', '--replace', '--answer', 'tags=shared'], { cwd: repo });
    expect(run.exitCode).toBe(0);
    expect(quizFile(repo)).toEqual({ schemaVersion: 1, answers: { tags: 'shared' } });
  });

  it.each([
    ['not JSON', Buffer.from('{"schemaVersion": 1, "answers": {')],
    [
      'saved as UTF-16',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify({ schemaVersion: 1, answers: { commits: 'shared' } }), 'utf16le')]),
    ],
  ])('refuses to add to a file that is %s: one line, how to replace it, the file untouched', async (_label, bytes) => {
    writeFileSync(file(), bytes);
    const run = await wtlab(['quiz', '--answer', 'tags=shared'], { cwd: repo });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /^wtlab: worktree-quiz\.json is already there but .+, so the new answers cannot be added to it\. To write only the new answers over it, run: wtlab quiz --replace --answer tags=shared\n$/,
    );
    expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000e-\u001f]/);
    expect(readFileSync(file()).equals(bytes)).toBe(true);
  });
});

describe('wtlab quiz in a repository another user owns (git: "dubious ownership")', () => {
  it.skipIf(process.getuid?.() !== 0)('writes the answers there, as grade and snapshot read it, from the main folder and a linked worktree', async () => {
    const owned = mkdtempSync(join(tmpdir(), 'wtlab-quiz-owned-'));
    try {
      const main = join(owned, 'tasks-app');
      const other = join(owned, 'tasks-app-wipe');
      execFileSync('mkdir', ['-p', main]);
      git(owned, 'init', '-q', '-b', 'main', main);
      writeFileSync(join(main, 'cli.py'), 'print("hi")\n');
      git(main, 'add', 'cli.py');
      git(main, 'commit', '-q', '-m', 'start');
      git(main, 'worktree', 'add', '-q', '-b', 'feature/wipe', other);
      execFileSync('chown', ['-R', '65534:65534', owned]);
      const run = await wtlab(['quiz', '--answer', 'tags=shared'], { cwd: main, env: { HOME: join(owned, 'no-home') } });
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(quizFile(main)).toEqual({ schemaVersion: 1, answers: { tags: 'shared' } });
      const fromLinked = await wtlab(['quiz', '--answer', 'index=per-worktree'], { cwd: other, env: { HOME: join(owned, 'no-home') } });
      expect(fromLinked.exitCode, fromLinked.stderr).toBe(0);
      expect(quizFile(main)).toEqual({ schemaVersion: 1, answers: { tags: 'shared', index: 'per-worktree' } });
    } finally {
      rmSync(owned, { recursive: true, force: true });
    }
  });
});
