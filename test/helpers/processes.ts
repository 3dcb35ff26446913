import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live (not zombie) processes whose command line holds `marker`, read from /proc. */
export function processesWith(marker: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '';
        return cmdline.includes(marker) && !state.startsWith('Z');
      } catch {
        return false;
      }
    })
    .map(Number);
}
