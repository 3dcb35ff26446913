export type GitRecipe =
  | { readonly kind: 'system'; readonly version: string; readonly note: string }
  | { readonly kind: 'deb'; readonly version: string; readonly suite: string }
  | { readonly kind: 'source-build'; readonly version: string; readonly suite: string };

/** The git versions of the scenario matrix and where each one comes from. */
export const knownGitVersions: readonly GitRecipe[] = [
  { kind: 'deb', version: '2.30.2', suite: 'bullseye' },
  { kind: 'system', version: '2.39.5', note: 'the git of Debian bookworm' },
  { kind: 'source-build', version: '2.47.3', suite: 'trixie' },
  { kind: 'source-build', version: '2.55.0', suite: 'sid' },
];

/** Recipe for a version, or undefined when wtlab does not know where to get it. */
export function findRecipe(version: string): GitRecipe | undefined {
  return knownGitVersions.find((recipe) => recipe.version === version);
}
