// A stand-in grading worker for testing the worker pool itself (not grading): it dies on a source
// named `crash-*`, and otherwise answers with a "could not be graded" row naming its pid.
process.on('message', (message) => {
  if (message.source.startsWith('crash-')) {
    process.stderr.write(`worker ${process.pid} gives up on ${message.source}\n`);
    process.exit(3);
  }
  process.send({ index: message.index, result: { source: message.source, error: `pid ${process.pid}`, commands: [] } });
});
process.on('disconnect', () => process.exit(0));
