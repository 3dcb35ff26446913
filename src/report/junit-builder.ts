import { createRequire } from 'node:module';
import type { Builder } from 'junit-report-builder';

/**
 * junit-report-builder's root builder, loaded on first use (the package is large CommonJS and most
 * runs never render JUnit). Its CommonJS export is the builder itself; its types describe it as `default`.
 */
export function loadJunitBuilder(): Builder {
  const junitModule = createRequire(import.meta.url)('junit-report-builder') as Builder & { default?: Builder };
  return junitModule.default ?? junitModule;
}
