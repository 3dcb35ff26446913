import { createRequire } from 'node:module';
import type { Builder, TestSuite } from 'junit-report-builder';

/**
 * junit-report-builder's root builder, loaded on first use (the package is large CommonJS and most
 * runs never render JUnit). Its CommonJS export is the builder itself; its types describe it as `default`.
 */
export function loadJunitBuilder(): Builder {
  const junitModule = createRequire(import.meta.url)('junit-report-builder') as Builder & { default?: Builder };
  return junitModule.default ?? junitModule;
}

/**
 * Gives the root `<testsuites>` what its readers' schemas have (junit-10.xsd, dorny, GitLab): `tests`, `failures` and
 * `errors` (the builder's sums), plus `time` in seconds, and no `skipped`, which those schemas allow on suites and
 * cases only. The builder offers no handle on the root, so this is done while the first suite is built into it, when
 * the root element exists with its counts. Without any suite the root keeps the builder's attributes.
 */
export function finishJunitRoot(first: TestSuite | undefined, options: { readonly seconds: number }): void {
  if (first === undefined) return;
  const build = first.build.bind(first);
  first.build = (root: Parameters<TestSuite['build']>[0]) => {
    const element = build(root);
    root?.removeAttribute('skipped');
    root?.att('time', String(Math.round(Math.max(0, options.seconds) * 1000) / 1000));
    return element;
  };
}
