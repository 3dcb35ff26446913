/** Calls `onLine` with each complete line a stream writes (without its newline), and with the last unfinished one when it ends. */
export function splitLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let pending = '';
  stream?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  });
  stream?.on('end', () => {
    if (pending !== '') onLine(pending);
    pending = '';
  });
}
