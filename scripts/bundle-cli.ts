import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { packageRoot } from '../src/paths/package-root.js';

/** The bundle's folder, relative to the package root; `bin/wtlab.js` loads from here. */
export const BUNDLE_DIR = join('dist', 'bundle');

/** Source files (relative to the package root) that become `dist/bundle/<name>.js`; esbuild reads the TypeScript itself, so no `tsc` run is needed. */
export const BUNDLE_ENTRIES: readonly string[] = [
  // The CLI given our lab (lab/main.ts); its subcommands and the lab stay `import()`s, so each becomes a chunk loaded only when it runs.
  'lab/main.ts',
  // Forked by the batch grader as `./grade-worker.js` beside the chunk that forks it.
  'lab/grade-worker.ts',
];

/** Packages copied into the bundle: small, loaded on every start. Every other package stays an import, loaded from node_modules. */
export const BUNDLED_PACKAGES: readonly string[] = ['commander', 'picocolors'];

export interface BundleOptions {
  /** The package folder holding `dist/`. @default packageRoot() */
  readonly root: string;
}

/** Leaves every bare import (`node:*` and packages) to Node at run time, except the packages named in `bundled`. */
function keepPackagesExternal(bundled: readonly string[]): Plugin {
  return {
    name: 'keep-packages-external',
    setup(context) {
      context.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : (args.path.split('/')[0] ?? args.path);
        if (bundled.includes(name)) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

// commander is CommonJS: in an ESM bundle its `require('node:events')` needs a real `require`.
const REQUIRE_BANNER = "import { createRequire as wtlabCreateRequire } from 'node:module';\nconst require = wtlabCreateRequire(import.meta.url);";

/** Bundles the CLI from its TypeScript sources into `dist/bundle/` as ESM chunks (source maps beside them, never packed), swapped in whole; returns that folder. */
export async function bundleCli(options: Partial<BundleOptions> = {}): Promise<string> {
  const root = options.root ?? packageRoot();
  const outdir = join(root, BUNDLE_DIR);
  // Built beside the old bundle, then swapped in by renames: a wtlab that starts meanwhile (a test
  // run while npm run build runs) finds a whole bundle, never a missing or half-written one.
  const next = `${outdir}.next-${process.pid}`;
  const old = `${outdir}.old-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: BUNDLE_ENTRIES.map((entry) => join(root, entry)),
    outdir: next,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    sourcemap: true,
    banner: { js: REQUIRE_BANNER },
    plugins: [keepPackagesExternal(BUNDLED_PACKAGES)],
    logLevel: 'warning',
  });
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(next, outdir);
  rmSync(old, { recursive: true, force: true });
  return outdir;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`bundled the CLI into ${await bundleCli()}\n`);
}
