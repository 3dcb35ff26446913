#!/usr/bin/env node
// `npm test`: the lint (`npm run lint`: ESLint and Prettier) runs beside `vitest run` instead of before it. Before the
// suite, in the pretest step, it took 21 s of wall time for 18 CPU s of the two cores (Prettier alone 15 s for 9.6 CPU s);
// beside the suite, it shares the cores with the test workers. vitest keeps the terminal (its progress as usual); the
// lint's output is held and printed after the suite, only when it fails. Arguments go to vitest (`npm test -- test/cli`).
// Exit code: vitest's when it fails, else the lint's.
import { execa } from 'execa';

const lint = execa('npm', ['run', '--silent', 'lint'], { all: true, reject: false, stdin: 'ignore' });
const tests = execa('vitest', ['run', ...process.argv.slice(2)], { preferLocal: true, stdio: 'inherit', reject: false });
const [linted, tested] = await Promise.all([lint, tests]);

if (linted.exitCode === 0) {
  console.log('lint: ESLint and Prettier found nothing (npm run lint)');
} else {
  process.stderr.write(`${linted.all ?? ''}\n`);
  console.error(`lint: failed (exit ${linted.exitCode ?? linted.signal}); see above, and run: npm run format`);
}
process.exitCode = tested.exitCode !== 0 ? (tested.exitCode ?? 1) : (linted.exitCode ?? 1);
