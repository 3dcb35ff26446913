import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { KEPT_CA_CERTS, registryEnv } from './node-ca-certs.js';

describe('NODE_EXTRA_CA_CERTS in the test run', () => {
  it('is not in the environment of the test files, nor of the node processes they start', async () => {
    expect(process.env.NODE_EXTRA_CA_CERTS).toBeUndefined();
    const child = await execa('node', ['-e', 'process.stdout.write(String(process.env.NODE_EXTRA_CA_CERTS))']);
    expect(child.stdout).toBe('undefined');
  });

  it('is handed back to the npm calls that may reach the registry, when the run had one', () => {
    expect(registryEnv({ [KEPT_CA_CERTS]: '/etc/ssl/certs/ca-certificates.crt' })).toEqual({ NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' });
    expect(registryEnv({})).toEqual({});
  });
});
