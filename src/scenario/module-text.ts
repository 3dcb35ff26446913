import { readFile } from 'node:fs/promises';

/** A kind of git output the module text may show, recognised in both wordings git has used. */
export interface OutputKind {
  readonly id: string;
  readonly pattern: RegExp;
}

/** The outputs compared between the module text and real git, each told apart by how its line starts. */
export const OUTPUT_KINDS: readonly OutputKind[] = [
  { id: 'checkout-overwritten', pattern: /^error: Your local changes to the following files would be overwritten by / },
  { id: 'commit-or-stash', pattern: /^Please commit your changes or stash them/ },
  { id: 'branch-in-use', pattern: /^fatal: '[^']*' is already / },
  { id: 'remove-refused', pattern: /^fatal: '[^']*' contains / },
  { id: 'not-a-repository', pattern: /^fatal: not a git repository/ },
  { id: 'preparing-worktree', pattern: /^Preparing worktree \(/ },
  { id: 'head-now-at', pattern: /^HEAD is now at / },
  { id: 'conflict', pattern: /^CONFLICT \(/ },
  { id: 'automatic-merge-failed', pattern: /^Automatic merge failed/ },
  { id: 'merge-made', pattern: /^Merge made by / },
  { id: 'fast-forward', pattern: /^Fast-forward$/ },
  { id: 'prune-removing', pattern: /^Removing worktrees\// },
  { id: 'worktree-list', pattern: /^\S+\s+(?=[0-9a-z]*\d)[0-9a-z]{7,40}\s+\[[^\]]+\]/ },
];

/** One output line the module text shows inside a code block. */
export interface ShownOutput {
  /** 1-based line number in the module text. */
  readonly line: number;
  readonly text: string;
  readonly kind: string;
}

/** The kind of an output line, if it is one wtlab compares. */
export function outputKind(line: string): string | undefined {
  return OUTPUT_KINDS.find((kind) => kind.pattern.test(line))?.id;
}

/** Pulls the git outputs out of a markdown text's fenced code blocks (`# `-comment outputs included, `$ ` commands skipped). */
export function extractShownOutputs(markdown: string): ShownOutput[] {
  const shown: ShownOutput[] = [];
  let fence: string | undefined;
  for (const [index, raw] of markdown.split('\n').entries()) {
    const opener = /^\s*(`{3,}|~{3,})/.exec(raw)?.[1];
    if (opener !== undefined) {
      if (fence === undefined) fence = opener;
      else if (raw.trim().startsWith(fence)) fence = undefined;
      continue;
    }
    if (fence === undefined) continue;
    const text = raw.trim().replace(/^#\s+/, '');
    if (text.startsWith('$ ')) continue;
    const kind = outputKind(text);
    if (kind !== undefined) shown.push({ line: index + 1, text, kind });
  }
  return shown;
}

/** Reads a module text (`DIR/../README.md`) and returns the outputs it shows. */
export async function readModuleText(file: string): Promise<ShownOutput[]> {
  return extractShownOutputs(await readFile(file, 'utf8'));
}
