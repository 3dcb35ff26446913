#!/usr/bin/env node
// Starts the bundled CLI (dist/bundle, made by npm run build); says how to build it when it is missing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bundle/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('wtlab: not built yet (dist/bundle/ is missing). Run: npm run bundle\n');
  process.exit(2);
}
const { main } = await import(entry.href);
await main(process.argv);
