#!/usr/bin/env node
// Starts the bundled CLI (dist/bundle, made by npm run build); says how to build it when it is missing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bundle/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('wtlab: not built yet (dist/bundle/ is missing). Run: npm run bundle\n');
  process.exit(2);
}
// `wtlab grade` runs the learner's app in Python: that interpreter starts now, while the CLI loads.
if (process.argv[2] === 'grade') (await import(new URL('../dist/bundle/app-driver.js', import.meta.url).href)).warmAppDriver();
const { main } = await import(entry.href);
await main(process.argv);
