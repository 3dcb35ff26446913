// `node dist/scripts/bench/spawn-cost.js direct|server RUNS BALLAST_MIB`: starts `git --version` RUNS times, one after
// the other, through runProcess from a process holding BALLAST_MIB of live memory (as a test worker or a long batch
// does): `direct` starts each from this process, `server` through the spawn server. Timed whole by the bench.
import { runProcess } from '../../src/process/run-process.js';

const [how = 'direct', runs = '300', ballastMib = '300'] = process.argv.slice(2);
if (how !== 'direct' && how !== 'server') throw new Error(`spawn-cost: direct or server, not ${how}`);
// Live, touched memory: strings of distinct bytes, so every page is resident.
const ballast = Array.from({ length: Number(ballastMib) }, (_, index) => Buffer.alloc(1024 * 1024, index % 251).toString('latin1'));
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
for (let run = 0; run < Number(runs); run += 1) {
  const result = await runProcess(['git', '--version'], { cwd: '/', env, via: how });
  if (result.exitCode !== 0) throw new Error(`spawn-cost: git --version failed: ${result.stderr}`);
}
process.stdout.write(`${ballast.length} MiB held, ${runs} starts ${how}\n`);
