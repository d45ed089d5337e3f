import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_INSTANCES } from '../../adapters';
import { signAccessToken } from '../../gateway/auth/access-tokens';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { startSandboxPlatforms, type SandboxPlatforms } from '../../gateway/sandbox/sandbox-platforms';
import { GatewayProcess } from '../support/gateway-process';
import { requireRedis, SHARED_REDIS_URL } from '../support/redis';
import { waitFor } from '../support/wait-for';

describe('operators see every gateway process', function () {
  this.timeout(60000);
  let platforms: SandboxPlatforms;
  let a: GatewayProcess;
  let b: GatewayProcess;
  let token: string;

  before(async function () {
    await requireRedis(this);
    platforms = await startSandboxPlatforms(DEFAULT_INSTANCES, { citizens: 5 });
    const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
    writeFileSync(join(dir, 'instances.json'), JSON.stringify(platforms.instances));
    token = signAccessToken(loadSandboxConfig({ SANDBOX_DIR: dir }).auth, 'operator-on-duty', ['operator']);
    const env = {
      SANDBOX_DIR: dir,
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: `test:${randomBytes(6).toString('hex')}:`,
      ADAPTER_INSTANCES_FILE: join(dir, 'instances.json'),
      HEALTH_PROBE_INTERVAL_MS: '0',
    };
    [a, b] = (await GatewayProcess.startAll(env, env)) as [GatewayProcess, GatewayProcess];
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await platforms?.stop();
  });

  const adapters = async (gateway: GatewayProcess): Promise<any> =>
    (await fetch(`${gateway.baseUrl}/v1/adapters`, { headers: { authorization: `Bearer ${token}` } })).json();
  const selfView = async (gateway: GatewayProcess, instance: string) =>
    (await adapters(gateway)).processes
      .find((p: { self: boolean }) => p.self)
      .adapters.find((x: { instance: string }) => x.instance === instance);

  it("shows both processes' breakers, whichever process answers", async () => {
    await waitFor(
      async () => (await adapters(a)).processes.length === 2 && (await adapters(b)).processes.length === 2,
      10000,
      'both processes to publish their views',
    );
    const view = await adapters(a);
    assert.equal(view.processes[0].self, true);
    assert.equal(view.processes[1].self, false);
    assert.equal(view.processes[1].adapters.length, DEFAULT_INSTANCES.length);
  });

  it('applies a breaker held open on one process to the other too, and a close to both', async () => {
    const opened = await fetch(`${a.baseUrl}/v1/adapters/c06/breaker`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"action":"open"}',
    });
    assert.equal(opened.status, 200);
    await waitFor(async () => (await selfView(b, 'c06')).held === true, 10000, 'process B to hold c06 open');
    await fetch(`${b.baseUrl}/v1/adapters/c06/breaker`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"action":"close"}',
    });
    await waitFor(async () => (await selfView(a, 'c06')).state === 'closed', 10000, 'process A to close c06');
  });
});
