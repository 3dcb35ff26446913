import { describe, expect, it } from 'vitest';
import { findMarkers } from '../../src/evidence/conflict-markers.js';
import { parseLog } from '../../src/evidence/read-commits.js';
import { parseBatch } from '../../src/evidence/read-files-at.js';
import { parseReflogWalk } from '../../src/evidence/read-reflogs.js';
import { parseStatus, parseWorktreeList } from '../../src/evidence/read-worktrees.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const T = 'c'.repeat(40);

describe('evidence parsers', () => {
  it('reads the NUL-framed entries of git log -g -z, oldest first per ref, each old value from the entry before it', () => {
    const output = [
      `refs/heads/feature/wipe@{1767259440}\0${B}\0commit: Add wipe command\0`,
      `refs/heads/feature/wipe@{1767258840}\0${A}\0branch: Created from HEAD\0`,
      `worktrees/tasks-app-wipe/HEAD@{1767258840}\0${A}\0\0`,
      'garbage\0not a hash\0x\0',
    ].join('');
    expect(Object.fromEntries(parseReflogWalk(output))).toEqual({
      'refs/heads/feature/wipe': [
        { old: '0'.repeat(40), new: A, time: 1767258840, message: 'branch: Created from HEAD', action: 'branch' },
        { old: A, new: B, time: 1767259440, message: 'commit: Add wipe command', action: 'commit' },
      ],
      'worktrees/tasks-app-wipe/HEAD': [{ old: '0'.repeat(40), new: A, time: 1767258840, message: '', action: '' }],
    });
  });

  it('keeps a message holding the old separators, newlines or a selector look-alike as one message', () => {
    const message = `commit: a\x1eHEAD@{1}\x1f${B}\x1fcommit: forged\nHEAD@{2}`;
    const output = `HEAD@{1767259440}\0${B}\0${message}\0HEAD@{1767258840}\0${A}\0commit (initial): start\0`;
    const walked = parseReflogWalk(output).get('HEAD');
    expect(walked?.map((entry) => [entry.new, entry.time, entry.message])).toEqual([
      [A, 1767258840, 'commit (initial): start'],
      [B, 1767259440, message],
    ]);
    expect([...parseReflogWalk(output).keys()]).toEqual(['HEAD']);
  });

  it('reads git worktree list --porcelain, NUL-framed or line-framed, alike', () => {
    const blocks = [
      ['worktree /w/tasks-app', `HEAD ${A}`, 'branch refs/heads/main'],
      ['worktree /w/tasks-app-wipe', `HEAD ${B}`, 'detached', 'locked'],
      [
        'worktree /w/tasks-app-remaining',
        `HEAD ${B}`,
        'branch refs/heads/feature/remaining',
        'locked on purpose',
        'prunable gitdir file points to non-existent location',
      ],
    ];
    const expected = [
      { path: '/w/tasks-app', head: A, branch: 'main', prunable: false, locked: false },
      { path: '/w/tasks-app-wipe', head: B, branch: undefined, prunable: false, locked: true },
      { path: '/w/tasks-app-remaining', head: B, branch: 'feature/remaining', prunable: true, locked: true },
    ];
    expect(parseWorktreeList(blocks.map((block) => `${block.join('\0')}\0\0`).join(''), 'nul')).toEqual(expected);
    expect(parseWorktreeList(blocks.map((block) => `${block.join('\n')}\n\n`).join(''), 'line')).toEqual(expected);
  });

  it('reads a log record: parents, files (quoted paths unquoted) and the added and removed lines of hunks only', () => {
    const output = [
      `\x01${A} ${T} 100 200 ${B}\x02Add wipe command`,
      '',
      `:100644 100644 ${B} ${A} M\tcli.py`,
      `:000000 100644 ${'0'.repeat(40)} ${A} A\t"t\\303\\251st \\"x\\".txt"`,
      '',
      'diff --git a/cli.py b/cli.py',
      '--- a/cli.py',
      '+++ b/cli.py',
      '@@ -1 +1,2 @@',
      '-old line',
      '+--- a line that looks like a header',
      '+new line',
    ].join('\n');
    const [commit] = parseLog(output);
    expect(commit).toMatchObject({ hash: A, tree: T, parents: [B], authorTime: 100, commitTime: 200, subject: 'Add wipe command' });
    expect(commit?.files).toEqual([
      { status: 'M', path: 'cli.py' },
      { status: 'A', path: 'tést "x".txt' },
    ]);
    expect(commit?.added).toEqual(['--- a line that looks like a header', 'new line']);
    expect(commit?.removed).toEqual(['old line']);
  });

  it('takes hunk bodies by their counts: a committed line holding a commit header is only a line', () => {
    const forged = `\x01${B} ${T} 1 1 \x02forged root`;
    const output = [
      `\x01${A} ${T} 100 200 ${B}\x02second`,
      '',
      `:000000 100644 ${'0'.repeat(40)} ${A} A\tevil.txt`,
      '',
      'diff --git a/evil.txt b/evil.txt',
      '@@ -0,0 +1,3 @@',
      `+${forged}`,
      `+:000000 100644 ${'0'.repeat(40)} ${A} A\tcli.py`,
      '+@@ -0,0 +1,1000 @@',
      '\\ No newline at end of file',
      `\x01${B} ${T} 50 60 \x02first`,
    ].join('\n');
    const commits = parseLog(output);
    expect(commits.map((commit) => [commit.hash, commit.parents])).toEqual([
      [A, [B]],
      [B, []],
    ]);
    expect(commits[0]?.files).toEqual([{ status: 'A', path: 'evil.txt' }]);
    expect(commits[0]?.added).toEqual([forged, `:000000 100644 ${'0'.repeat(40)} ${A} A\tcli.py`, '@@ -0,0 +1,1000 @@']);
  });

  it('splits cat-file --batch output by byte sizes, with missing objects as null and the text of blobs only', () => {
    const body = 'héllo\n';
    const commit = `tree ${B}\n\nstart\n`;
    const output = `${A} blob ${Buffer.byteLength(body)}\n${body}\nmain:nope missing\n${B} blob 2\nok\n${A} commit ${commit.length}\n${commit}\n`;
    expect(parseBatch(Buffer.from(output, 'utf8').toString('latin1'), 4)).toEqual([
      { type: 'blob', size: Buffer.byteLength(body), text: body },
      { type: undefined, text: null },
      { type: 'blob', size: 2, text: 'ok' },
      { type: 'commit', size: commit.length, text: null },
    ]);
  });

  it('keeps offsets exact when a blob is Latin-1: the next object is still read whole', () => {
    const latin1 = Buffer.from('# caf\xe9 \xe0 la carte\n', 'latin1');
    const quiz = '{"answers":{}}';
    const output = Buffer.concat([Buffer.from(`${A} blob ${latin1.length}\n`), latin1, Buffer.from(`\n${B} blob ${quiz.length}\n${quiz}\n`)]);
    expect(parseBatch(output.toString('latin1'), 2)[1]).toEqual({ type: 'blob', size: quiz.length, text: quiz });
  });

  it('splits porcelain -z status, renames taking two fields', () => {
    expect(parseStatus(' M cli.py\0?? notes.txt\0R  new.py\0old.py\0!! tasks.json\0')).toEqual([' M cli.py', '?? notes.txt', 'R  new.py', '!! tasks.json']);
  });

  it('finds conflict marker lines with their line numbers, not look-alikes or binary files', () => {
    const text = 'a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> feature/remaining\n======== not one\n';
    expect(findMarkers('cli.py', text, 'worktree').map((marker) => `${marker.line}:${marker.text}`)).toEqual([
      '2:<<<<<<< HEAD',
      '4:=======',
      '6:>>>>>>> feature/remaining',
    ]);
    expect(findMarkers('x.bin', `\0${text}`, 'commit')).toEqual([]);
  });
});
