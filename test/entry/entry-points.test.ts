import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadProductionConfig } from '../../gateway/config';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { writeQrKey } from '../../gateway/sandbox/sandbox-secrets';
import { writeIdentityProviderJwks } from '../auth/identity-provider-fixture';
import { GatewayProcess } from '../support/gateway-process';
import { OwnRedis, redisServerInstalled } from '../support/redis';

const REAL_SECRET = 'k7Yp2QvXw9Lr4Tz8Nb3Hc6Jd1Mf5Gs0A';

/** A complete production configuration: the IdP's keys, real secrets, QR keys, Redis, instances with their addresses. */
function completeEnv(
  instances: unknown[] = [{ name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'https://tokhaiyte.internal', writers: ['tkyt-backend'] }],
): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'entry-'));
  writeQrKey(dir, 'prod-2026-11');
  writeFileSync(join(dir, 'instances.json'), JSON.stringify(instances));
  return {
    AUTH_JWKS_FILE: writeIdentityProviderJwks(dir),
    QR_KEYS_DIR: dir,
    QR_ACTIVE_KID: 'prod-2026-11',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_SECRET: `${REAL_SECRET}-keys`,
    AUTH_ISSUER: 'https://id.moh.gov.vn/realms/vnhc',
    AUTH_AUDIENCE: 'vnhc-gateway-api',
    ADAPTER_INSTANCES_FILE: join(dir, 'instances.json'),
  };
}

const refuses = (load: () => unknown, variable: RegExp) =>
  assert.throws(load, (e: Error) => e instanceof ConfigError && variable.test(e.message));

describe('the production entry', () => {
  it('starts with a complete configuration whatever NODE_ENV says, held to the production rules', () => {
    for (const NODE_ENV of [undefined, 'development', 'prodution', 'production']) {
      assert.equal(loadProductionConfig({ ...completeEnv(), NODE_ENV }).production, true, String(NODE_ENV));
    }
  });

  it('refuses an incomplete configuration, naming the variable, whatever NODE_ENV says', () => {
    const env = { ...completeEnv(), NODE_ENV: 'development' };
    refuses(() => loadProductionConfig({ ...env, AUTH_JWKS_FILE: undefined }), /^AUTH_JWKS_FILE or AUTH_JWKS_URL/);
    refuses(() => loadProductionConfig({ ...env, AUTH_JWT_SECRET: REAL_SECRET }), /^AUTH_JWT_SECRET: refused in production/);
    refuses(() => loadProductionConfig({ ...env, AUTH_ISSUER: undefined }), /^AUTH_ISSUER/);
    refuses(() => loadProductionConfig({ ...env, AUTH_AUDIENCE: undefined }), /^AUTH_AUDIENCE/);
    refuses(() => loadProductionConfig({ ...env, QR_KEYS_DIR: undefined }), /^QR_KEYS_DIR/);
    refuses(() => loadProductionConfig({ ...env, REDIS_URL: undefined }), /^REDIS_URL/);
    refuses(() => loadProductionConfig({ ...env, REDIS_KEY_SECRET: undefined }), /^REDIS_KEY_SECRET/);
    refuses(() => loadProductionConfig({ ...env, ADAPTER_INSTANCES_FILE: undefined }), /^ADAPTER_INSTANCES_FILE/);
  });

  it("refuses an instance without the address of its platform's lookup API", () => {
    const env = completeEnv([
      { name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'https://tokhaiyte.internal', writers: [] },
      { name: 'c06', platform: 'c06' },
    ]);
    refuses(() => loadProductionConfig(env), /^ADAPTER_INSTANCES_FILE: \/1\/baseUrl: instance "c06"/);
  });

  it('refuses an instance that names no writers, since any caller could then take its record ids; [] names none', () => {
    const instance = { name: 'c06', platform: 'c06', baseUrl: 'https://c06.internal' };
    refuses(() => loadProductionConfig(completeEnv([instance])), /^ADAPTER_INSTANCES_FILE: \/0\/writers: instance "c06" names no writers/);
    assert.deepEqual(loadProductionConfig(completeEnv([{ ...instance, writers: [] }])).instances[0]?.writers, []);
  });

  it('exits 78 from the real process before listening, naming the variable, with NODE_ENV unset', async function () {
    this.timeout(15000);
    const { code, output } = await GatewayProcess.run({ ...completeEnv(), ADAPTER_INSTANCES_FILE: '' });
    assert.equal(code, 78);
    assert.match(output, /configuration refused/);
    assert.match(output, /ADAPTER_INSTANCES_FILE/);
  });

  it('exits 78 when REDIS_URL names a Redis in cluster mode, found once the start is under way', async function () {
    this.timeout(20000);
    redisServerInstalled(this);
    const redis = await OwnRedis.startInClusterMode();
    try {
      const { code, output } = await GatewayProcess.run({ ...completeEnv(), REDIS_URL: redis.url });
      assert.equal(code, 78);
      assert.match(output, /cluster mode/);
    } finally {
      await redis.stop();
    }
  });
});

describe("the gateway's configuration", () => {
  it("never makes a secret up: without the identity provider's keys (or a shared secret) or QR keys it is refused, and nothing is written", () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-sandbox-'));
    refuses(() => loadConfig({ SANDBOX_DIR: dir }), /^AUTH_JWKS_FILE or AUTH_JWKS_URL/);
    refuses(() => loadConfig({ SANDBOX_DIR: dir, AUTH_JWT_SECRET: REAL_SECRET }), /^QR_KEYS_DIR/);
    assert.deepEqual(readdirSync(dir), [], 'no sandbox secret was made');
  });
});

describe('the sandbox entry', () => {
  it('provisions its own secrets in SANDBOX_DIR, and keeps them across starts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    const first = loadSandboxConfig({ SANDBOX_DIR: dir });
    const again = loadSandboxConfig({ SANDBOX_DIR: dir });
    assert.equal(first.production, false);
    assert.deepEqual(
      again.qr.keys.map((k) => k.kid),
      first.qr.keys.map((k) => k.kid),
    );
    assert.ok(first.auth.secret?.equals(again.auth.secret as KeyObject));
    assert.equal(first.auth.jwks?.url.href, again.auth.jwks?.url.href);
  });

  it('is never run with NODE_ENV=production: a production environment that ran npm start stops', () => {
    refuses(() => loadSandboxConfig({ NODE_ENV: 'production', SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'sandbox-')) }), /^NODE_ENV/);
  });
});
