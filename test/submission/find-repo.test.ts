import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths/package-root.js';
import { removeCorpusFolders, runCorpusCase, type CorpusCase, type Kit } from '../support/corpus.js';

afterAll(removeCorpusFolders);

/** A clone of a course: a repository with a README and module folders, but no app at its top. */
async function courseRepo(kit: Kit, files: Readonly<Record<string, string>> = {}): Promise<string> {
  const course = join(kit.dir, 'ai-workflow-course');
  mkdirSync(join(course, 'modules', '07-worktrees'), { recursive: true });
  await kit.gitIn(course, ['init', '-q', '-b', 'main']);
  writeFileSync(join(course, 'README.md'), '# The course\n');
  writeFileSync(join(course, 'modules', '07-worktrees', 'README.md'), '# Worktrees\n');
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(course, file, '..'), { recursive: true });
    writeFileSync(join(course, file), content);
  }
  await kit.gitIn(course, ['add', '-A']);
  await kit.gitIn(course, ['commit', '-q', '-m', 'course']);
  return course;
}

function copyStart(into: string): void {
  cpSync(join(packageRoot(), 'fixtures', 'lab', 'start'), into, { recursive: true });
}

const CASES: readonly CorpusCase[] = [
  {
    name: "the learner's tasks-app before git init, inside a clone of the course",
    build: async (kit) => {
      const course = await courseRepo(kit);
      const app = join(course, 'tasks-app');
      copyStart(app);
      return { source: app, watch: kit.dir };
    },
    expected: {
      exit: 2,
      stderr:
        /tasks-app is not the top of a git repository: it lies inside the repository at .*\/ai-workflow-course, and grading it would grade that one\. Make the tasks-app a repository of its own first: cd .*\/ai-workflow-course\/tasks-app && git init -b main\n$/,
    },
  },
  {
    name: 'an autograder copy with .git stripped, inside another repository',
    build: async (kit) => {
      const submissions = join(kit.dir, 'submissions');
      mkdirSync(submissions);
      await kit.gitIn(submissions, ['init', '-q', '-b', 'main']);
      await kit.startRepo('submissions/bob/tasks-app');
      await kit.gitIn(submissions, ['commit', '-q', '--allow-empty', '-m', 'roster']);
      const copy = join(submissions, 'alice', 'tasks-app');
      copyStart(copy);
      return { source: copy, watch: kit.dir };
    },
    expected: {
      exit: 2,
      stderr:
        /alice\/tasks-app is not the top of a git repository: it lies inside the repository at .*\/submissions, .*cd .*alice\/tasks-app && git init -b main\n$/,
    },
  },
  {
    name: "a subfolder of the learner's repository",
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app', { files: { 'docs/notes.md': 'notes\n' } });
      return { source: join(repo, 'docs'), watch: repo };
    },
    expected: {
      exit: 2,
      stderr:
        /docs is not the top of a git repository: it lies inside the repository at .*\/tasks-app, .*Grade the repository's top folder instead: wtlab grade .*\/tasks-app\n$/,
    },
  },
  {
    name: 'a repository none of whose commits holds a cli.py, with the app in a subfolder',
    build: async (kit) => {
      const course = await courseRepo(kit, { 'tasks-app/cli.py': 'print("app")\n', 'tasks-app/tasks.py': '\n' });
      return { source: course };
    },
    expected: {
      exit: 2,
      stderr:
        /ai-workflow-course does not look like the lab's app: none of its commits holds a cli\.py at the top\. Its tasks-app\/ holds a cli\.py: make that folder the app's own repository and grade it: cd .*\/ai-workflow-course\/tasks-app && git init -b main\n$/,
    },
  },
  {
    name: 'a repository with no cli.py anywhere',
    build: async (kit) => ({ source: await courseRepo(kit) }),
    expected: {
      exit: 2,
      stderr:
        /does not look like the lab's app: none of its commits holds a cli\.py at the top\. Grade the app's own folder instead: the one that holds cli\.py and its \.git\./,
    },
  },
];

describe('an archive of the course folder: the repository with its linked worktrees beside it', () => {
  it('grades the repository while the archived folders still exist where they were made (their .git files point there)', async () => {
    await runCorpusCase({
      name: 'course folder archive',
      via: 'library',
      build: async (kit) => {
        const repo = await kit.startRepo('course/tasks-app');
        await kit.gitIn(repo, ['worktree', 'add', '-q', '../tasks-app-wipe', '-b', 'feature/wipe']);
        await kit.gitIn(repo, ['worktree', 'add', '-q', '../tasks-app-remaining', '-b', 'feature/remaining']);
        const archive = join(kit.dir, 'course.tar.gz');
        execFileSync('tar', ['-czf', archive, '-C', join(kit.dir, 'course'), '.']);
        return { source: archive, watch: join(kit.dir, 'course') };
      },
      expected: { exit: 1, report: (report) => expect(report.stage).toBe('worktrees') },
    });
  }, 120_000);
});

describe.concurrent("a folder that is not the top of the lab's repository is refused, naming what to grade instead", () => {
  it.each(CASES.map((corpusCase) => [corpusCase.name, corpusCase] as const))(
    '%s',
    async (_name, corpusCase) => {
      await runCorpusCase(corpusCase);
    },
    120_000,
  );
});
