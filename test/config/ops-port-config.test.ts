import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEFAULT_OPS_PORT, loadProductionConfig } from '../../gateway/config';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { writeQrKey } from '../../gateway/sandbox/sandbox-secrets';
import { writeIdentityProviderJwks } from '../auth/identity-provider-fixture';

const sandbox = (env: NodeJS.ProcessEnv = {}) => loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'ops-config-')), ...env });

/** What the production entry needs besides the operators' port: the IdP's keys, a QR key, Redis, an instance with its address. */
function productionEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'ops-production-'));
  writeQrKey(dir, 'qr-2026-11');
  writeFileSync(
    join(dir, 'instances.json'),
    JSON.stringify([{ name: 'c06', platform: 'c06', baseUrl: 'https://c06.internal', writers: [] }]),
  );
  return {
    AUTH_JWKS_FILE: writeIdentityProviderJwks(dir),
    QR_KEYS_DIR: dir,
    QR_ACTIVE_KID: 'qr-2026-11',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_SECRET: 'p9Vx2LqT7wNz4Rb8Kc3Hd6Jm1Sf5Gy0A-names',
    AUTH_ISSUER: 'https://id.moh.gov.vn/realms/vnhc',
    AUTH_AUDIENCE: 'vnhc-gateway-api',
    ADAPTER_INSTANCES_FILE: join(dir, 'instances.json'),
    ...env,
  };
}

const refuses = (load: () => unknown, message: RegExp) =>
  assert.throws(load, (e: Error) => e instanceof ConfigError && message.test(e.message));

describe("the operators' listener's configuration (OPS_PORT, OPS_HOST)", () => {
  it('is absent in the sandbox unless asked for: metrics and the dashboard stay on the API port', () => {
    assert.equal(sandbox().ops, undefined);
  });

  it('binds OPS_PORT on HOST unless OPS_HOST says otherwise', () => {
    assert.deepEqual(sandbox({ HOST: '0.0.0.0', OPS_PORT: '9464' }).ops, { host: '0.0.0.0', port: 9464 });
    assert.deepEqual(sandbox({ HOST: '0.0.0.0', OPS_PORT: '9464', OPS_HOST: '10.0.3.7' }).ops, { host: '10.0.3.7', port: 9464 });
  });

  it("refuses the API's own port, a port that is not one, and a host without a port", () => {
    refuses(() => sandbox({ PORT: '8080', OPS_PORT: '8080' }), /^OPS_PORT: 8080 is the API's PORT too/);
    refuses(() => sandbox({ OPS_PORT: 'chín tư sáu bốn' }), /^OPS_PORT: /);
    refuses(() => sandbox({ OPS_PORT: '70000' }), /^OPS_PORT: /);
    refuses(() => sandbox({ OPS_HOST: '10.0.3.7' }), /^OPS_HOST: given without OPS_PORT/);
  });

  it(`is always apart in production: ${DEFAULT_OPS_PORT} unless OPS_PORT names another`, () => {
    assert.deepEqual(loadProductionConfig(productionEnv({ HOST: '0.0.0.0' })).ops, { host: '0.0.0.0', port: 9464 });
    assert.deepEqual(loadProductionConfig(productionEnv({ OPS_PORT: '9100' })).ops?.port, 9100);
    refuses(() => loadProductionConfig(productionEnv({ PORT: '9464' })), /^OPS_PORT: 9464 is the API's PORT too/);
  });
});
