// vitest globalSetup: the run's processes start without NODE_EXTRA_CA_CERTS, kept aside for the npm calls that may reach the registry.
import { changeEnv } from './change-env.js';

/** Where the run keeps the NODE_EXTRA_CA_CERTS it started with, for registryEnv. */
export const KEPT_CA_CERTS = 'WTLAB_TEST_NODE_EXTRA_CA_CERTS';

/**
 * Takes NODE_EXTRA_CA_CERTS out of the environment the workers, and every process they start, inherit. Why: Node reads
 * and parses the whole file at every start, and on our machine it names the system's 220 KB bundle: `node -e 0` takes
 * 78 ms of CPU with it and 17 ms without (/usr/bin/time, 6 runs each), and the suite starts node about 230 times (the
 * CLI, the spawn servers, the batch workers). None of them makes a TLS connection; npm may (registryEnv). Put back
 * after the run.
 */
export default function setup(): () => void {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (file === undefined) return () => undefined;
  return changeEnv({ [KEPT_CA_CERTS]: file, NODE_EXTRA_CA_CERTS: undefined });
}

/** What an npm call that may reach the registry adds to its environment: the CA bundle the run started with, if any (a proxy's CA, say). */
export function registryEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const file = env[KEPT_CA_CERTS];
  return file === undefined ? {} : { NODE_EXTRA_CA_CERTS: file };
}
