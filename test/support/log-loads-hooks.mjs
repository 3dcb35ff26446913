// The loader hooks registered by log-loads.mjs; they run on Node's hooks thread.
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  if (process.env.WTLAB_LOAD_LOG) appendFileSync(process.env.WTLAB_LOAD_LOG, `${url}\n`);
  return nextLoad(url, context);
}
