import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';

const load = (env: NodeJS.ProcessEnv) =>
  loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'wait-')), REDIS_URL: 'redis://127.0.0.1:6379', ...env }).redis!;

describe('REDIS_WAIT_REPLICAS and REDIS_WAIT_TIMEOUT_MS', () => {
  it('wait for no replica by default, and for 100 ms when told to wait', () => {
    assert.deepEqual([load({}).waitReplicas, load({}).waitTimeoutMs], [0, 100]);
    assert.deepEqual([load({ REDIS_WAIT_REPLICAS: '1' }).waitReplicas, load({ REDIS_WAIT_TIMEOUT_MS: '250' }).waitTimeoutMs], [1, 250]);
  });

  it('refuse a WAIT of 0 ms (Redis would block for ever) or one the command timeout would cut short, naming the variable', () => {
    assert.throws(() => load({ REDIS_WAIT_TIMEOUT_MS: '0' }), /REDIS_WAIT_TIMEOUT_MS/);
    assert.throws(() => load({ REDIS_WAIT_TIMEOUT_MS: '1000' }), /REDIS_WAIT_TIMEOUT_MS: "1000" is not a whole number from 1 to 999/);
    assert.throws(() => load({ REDIS_WAIT_REPLICAS: 'one' }), /REDIS_WAIT_REPLICAS/);
    assert.equal(load({ REDIS_COMMAND_TIMEOUT_MS: '50' }).waitTimeoutMs, 49);
  });
});
