import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signAccessToken } from '../../gateway/auth/access-tokens';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { GatewayProcess } from '../support/gateway-process';
import { goldenNative } from '../support/mapping';
import { requireRedis, SHARED_REDIS_URL } from '../support/redis';

/** Fifty first declarations of Lê Thị Chi (CCCD 001192004567), each a distinct record, from five instances. */
function firstDeclarations(): { instance: string; record: unknown }[] {
  return Array.from({ length: 50 }, (_, i) => {
    const n = String(i).padStart(2, '0');
    switch (i % 5) {
      case 0:
        return { instance: 'tokhaiyte', record: { ...goldenNative('tokhaiyte', '02'), ma_to_khai: `TK210720000099${n}` } };
      case 1:
        return { instance: 'ncovi', record: { ...goldenNative('ncovi', '02'), id: `a1b2c3d4-0001-4e5f-8a9b-1111111111${n}` } };
      case 2:
        return { instance: 'c06', record: { ...goldenNative('c06', '03'), maKhaiBao: `C06-01-20210720-0001${n}` } };
      case 3:
        return { instance: 'smartcity-hanoi', record: { ...goldenNative('smartcity-hanoi', '01'), reportId: `HN-2021-0720-889${n}` } };
      default:
        return { instance: 'zalo', record: { ...goldenNative('zalo', '05'), submission_id: `73019283746502000${n}` } };
    }
  });
}

describe('two gateway processes sharing one Redis', function () {
  this.timeout(60000);
  let a: GatewayProcess;
  let b: GatewayProcess;
  let env: NodeJS.ProcessEnv;
  let token: string;

  before(async function () {
    await requireRedis(this);
    const sandbox = mkdtempSync(join(tmpdir(), 'two-processes-'));
    token = signAccessToken(loadSandboxConfig({ SANDBOX_DIR: sandbox }).auth, 'load-test', ['declarations:write', 'citizens:read']);
    env = { SANDBOX_DIR: sandbox, REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: `test:${randomBytes(6).toString('hex')}:` };
    [a, b] = (await GatewayProcess.startAll(env, env)) as [GatewayProcess, GatewayProcess];
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const post = (gateway: GatewayProcess, instance: string, record: unknown) =>
    fetch(`${gateway.baseUrl}/v1/sources/${instance}/declarations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(record),
    });

  it('ends fifty concurrent first declarations of one person, from five instances, in exactly one citizen and one QR', async () => {
    const responses = await Promise.all(firstDeclarations().map(({ instance, record }, i) => post(i % 2 ? a : b, instance, record)));
    const bodies: any[] = await Promise.all(responses.map((r) => r.json()));
    assert.deepEqual([...new Set(responses.map((r) => r.status))], [201]);
    assert.equal(new Set(bodies.map((body) => body.citizen.citizenId)).size, 1);
    assert.equal(new Set(bodies.map((body) => body.citizen.qr)).size, 1);
  });

  it('keeps its data across a restart of a gateway process', async () => {
    const created: any = await (await post(a, 'tokhaiyte', goldenNative('tokhaiyte', '07'))).json();
    await a.stop();
    a = await GatewayProcess.start(env);
    const citizen: any = await (
      await fetch(`${a.baseUrl}/v1/citizens/${created.citizen.citizenId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    assert.equal(citizen.qr, created.citizen.qr);
    assert.equal(citizen.declarations[0].declarationId, created.declaration.declarationId);
  });
});
