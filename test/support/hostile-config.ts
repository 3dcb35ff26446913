import { chmodSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The two programs a hostile setting names: `canary` touches the canary file and exits 1, `passThrough` also copies its input. */
export interface CanaryScripts {
  readonly canary: string;
  readonly passThrough: string;
}

/** Writes the canary scripts into `dir`; running either creates `canaryFile`. */
export function writeCanaryScripts(dir: string, canaryFile: string): CanaryScripts {
  const canary = join(dir, 'canary.sh');
  const passThrough = join(dir, 'pass-through.sh');
  writeFileSync(canary, `#!/bin/sh\ntouch '${canaryFile}'\nexit 1\n`);
  writeFileSync(passThrough, `#!/bin/sh\ntouch '${canaryFile}'\nif [ -f "$1" ]; then cat "$1"; else cat; fi\n`);
  chmodSync(canary, 0o755);
  chmodSync(passThrough, 0o755);
  return { canary, passThrough };
}

/** One hostile setting, how to plant it, and the git calls that would make git run it. */
export interface HostileCase {
  readonly item: string;
  /** Plants the setting; `canary` is a script that creates the canary file and exits 1, `passThrough` one that also copies its input. */
  readonly plant: (repo: string, scripts: CanaryScripts, gitIn: (cwd: string, args: readonly string[]) => Promise<string>) => void | Promise<void>;
  /** Extra git calls that set it off, beyond the usual grading calls. */
  readonly triggers: readonly (readonly string[])[];
  /** Run the triggers in a copy, because they write (commit, merge, rebase). */
  readonly writes?: boolean;
  readonly input?: string;
  /** Variables removed from the sealed environment for both runs (to show the `-c` setting alone holds). */
  readonly withoutEnv?: readonly string[];
}

export function appendConfig(repo: string, text: string): void {
  writeFileSync(join(repo, '.git', 'config'), `${readFileSync(join(repo, '.git', 'config'), 'utf8')}${text}`);
}

export function hook(dir: string, name: string, script: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), `#!/bin/sh\nexec ${script}\n`);
  chmodSync(join(dir, name), 0o755);
}

export const credentialInput = 'protocol=https\nhost=example.com\n\n';

export const HOSTILE_CASES: readonly HostileCase[] = [
  { item: 'core.fsmonitor', plant: (repo, s) => appendConfig(repo, `[core]\n\tfsmonitor = ${s.canary}\n`), triggers: [['status', '--porcelain']] },
  {
    item: 'hooks in .git/hooks',
    plant: (repo, s) => {
      for (const name of ['pre-commit', 'commit-msg', 'post-commit', 'reference-transaction']) hook(join(repo, '.git', 'hooks'), name, s.canary);
    },
    triggers: [['commit', '--allow-empty', '-m', 'x']],
    writes: true,
  },
  {
    item: 'core.hooksPath',
    plant: (repo, s) => {
      hook(join(repo, 'evil-hooks'), 'pre-commit', s.canary);
      appendConfig(repo, `[core]\n\thooksPath = evil-hooks\n`);
    },
    triggers: [['commit', '--allow-empty', '-m', 'x']],
    writes: true,
  },
  { item: 'diff.external', plant: (repo, s) => appendConfig(repo, `[diff]\n\texternal = ${s.canary}\n`), triggers: [['diff', 'HEAD~1', 'HEAD']] },
  { item: 'diff driver command', plant: (repo, s) => appendConfig(repo, `[diff "evil"]\n\tcommand = ${s.canary}\n`), triggers: [['diff', 'HEAD~1', 'HEAD']] },
  {
    item: 'diff driver textconv',
    plant: (repo, s) => appendConfig(repo, `[diff "evil"]\n\ttextconv = ${s.passThrough}\n`),
    triggers: [
      ['log', '-p', '-1'],
      ['show', 'HEAD'],
    ],
  },
  {
    item: 'filter smudge and clean',
    plant: (repo, s) => appendConfig(repo, `[filter "evil"]\n\tsmudge = ${s.passThrough}\n\tclean = ${s.passThrough}\n`),
    triggers: [
      ['status', '--porcelain'],
      ['archive', '-o', '../smudged.tar', 'HEAD'],
    ],
  },
  { item: 'filter process', plant: (repo, s) => appendConfig(repo, `[filter "evil"]\n\tprocess = ${s.canary}\n`), triggers: [['status', '--porcelain']] },
  {
    item: 'filter in an included file, two includes deep',
    plant: (repo, s) => {
      writeFileSync(join(repo, '..', 'inner.cfg'), `[filter "evil"]\n\tclean = ${s.passThrough}\n\tsmudge = ${s.passThrough}\n`);
      writeFileSync(join(repo, '..', 'outer.cfg'), '[include]\n\tpath = inner.cfg\n');
      appendConfig(repo, '[include]\n\tpath = ../../outer.cfg\n');
    },
    triggers: [['status', '--porcelain']],
  },
  {
    item: 'textconv in an includeIf file',
    plant: (repo, s) => {
      writeFileSync(join(repo, '.git', 'cond.cfg'), `[diff "evil"]\n\ttextconv = ${s.passThrough}\n`);
      appendConfig(repo, '[includeIf "gitdir:/"]\n\tpath = cond.cfg\n');
    },
    triggers: [['show', 'HEAD']],
  },
  {
    item: 'merge driver',
    plant: (repo, s) => appendConfig(repo, `[merge "evil"]\n\tdriver = ${s.canary} %O %A %B\n`),
    triggers: [['merge', 'side', '-m', 'merge side']],
    writes: true,
  },
  {
    item: 'core.sshCommand',
    plant: (repo, s) => appendConfig(repo, `[core]\n\tsshCommand = ${s.canary}\n[remote "origin"]\n\turl = ssh://example.invalid/repo.git\n`),
    triggers: [['ls-remote', 'origin']],
  },
  {
    item: 'core.gitProxy',
    plant: (repo, s) => appendConfig(repo, `[core]\n\tgitProxy = ${s.canary}\n[remote "origin"]\n\turl = git://example.invalid/repo.git\n`),
    triggers: [['ls-remote', 'origin']],
  },
  {
    item: 'protocol.ext',
    plant: (repo, s) => appendConfig(repo, `[protocol "ext"]\n\tallow = always\n[remote "origin"]\n\turl = ext::${s.canary}\n`),
    triggers: [['ls-remote', 'origin']],
  },
  {
    item: 'remote uploadpack',
    plant: (repo, s) => appendConfig(repo, `[remote "origin"]\n\turl = ${repo}\n\tuploadpack = ${s.canary}\n`),
    triggers: [['ls-remote', 'origin']],
  },
  {
    item: 'credential.helper',
    plant: (repo, s) => appendConfig(repo, `[credential]\n\thelper = ${s.canary}\n[credential "https://example.com"]\n\thelper = ${s.canary}\n`),
    triggers: [['credential', 'fill']],
    input: credentialInput,
  },
  {
    item: 'core.askPass',
    plant: (repo, s) => appendConfig(repo, `[core]\n\taskPass = ${s.canary}\n`),
    triggers: [['credential', 'fill']],
    input: credentialInput,
  },
  {
    item: 'gpg.program via log.showSignature',
    plant: (repo, s) => appendConfig(repo, `[gpg]\n\tprogram = ${s.canary}\n[log]\n\tshowSignature = true\n`),
    triggers: [['log', '--all']],
  },
  {
    item: 'gpg.program via --show-signature',
    plant: (repo, s) => appendConfig(repo, `[gpg]\n\tprogram = ${s.canary}\n`),
    triggers: [['log', '--show-signature', 'signed']],
  },
  {
    item: 'core.editor',
    plant: (repo, s) => appendConfig(repo, `[core]\n\teditor = ${s.canary}\n`),
    triggers: [['commit', '--allow-empty']],
    writes: true,
    withoutEnv: ['GIT_EDITOR'],
  },
  {
    item: 'sequence.editor',
    plant: (repo, s) => appendConfig(repo, `[sequence]\n\teditor = ${s.canary}\n`),
    triggers: [['rebase', '-i', 'HEAD~1']],
    writes: true,
  },
  {
    item: 'filter in an embedded repository (submodule)',
    plant: async (repo, s, gitIn) => {
      const sub = join(repo, 'sub');
      mkdirSync(sub);
      await gitIn(sub, ['init', '-q', '-b', 'main']);
      writeFileSync(join(sub, '.gitattributes'), '*.txt filter=evil\n');
      writeFileSync(join(sub, 'b.txt'), 'b\n');
      await gitIn(sub, ['add', '-A']);
      await gitIn(sub, ['commit', '-q', '-m', 'sub']);
      await gitIn(repo, ['add', 'sub']);
      await gitIn(repo, ['commit', '-q', '-m', 'embed sub']);
      appendConfig(sub, `[filter "evil"]\n\tclean = ${s.passThrough}\n`);
      utimesSync(join(sub, 'b.txt'), new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    },
    triggers: [['status', '--porcelain']],
  },
  {
    item: 'tar filter command',
    plant: (repo, s) => appendConfig(repo, `[tar "tgz"]\n\tcommand = ${s.passThrough}\n`),
    triggers: [['archive', '--format=tgz', '-o', '../out.tgz', 'HEAD']],
  },
];
