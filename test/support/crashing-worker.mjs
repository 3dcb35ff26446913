// A stand-in grading worker for testing the worker pool itself (not grading): it dies on a source named `crash-*` (on
// `crash-late-*` before the program it started writes why to its stderr), never answers on `hang-*` (after starting a
// child that sleeps, with the source in its argv), and otherwise answers with a "could not be graded" row naming its pid.
import { spawn } from 'node:child_process';

process.on('message', (message) => {
  if (message.source.startsWith('crash-late-')) {
    // Dies first; a program it started, holding its stderr, says why a moment later.
    spawn('sh', ['-c', `sleep 0.2; echo "worker ${process.pid} gives up on ${message.source}" >&2`], { stdio: ['ignore', 'ignore', 'inherit'] });
    process.exit(3);
  }
  if (message.source.startsWith('crash-')) {
    process.stderr.write(`worker ${process.pid} gives up on ${message.source}\n`);
    process.exit(3);
  }
  if (message.source.startsWith('hang-')) {
    spawn('sleep', ['300', message.source], { stdio: 'ignore' });
    return;
  }
  process.send({ index: message.index, result: { source: message.source, error: `pid ${process.pid}`, commands: [] } });
});
process.on('disconnect', () => process.exit(0));
