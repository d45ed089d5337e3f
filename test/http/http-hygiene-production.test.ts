import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadProductionConfig } from '../../gateway/config';
import { writeQrKey } from '../../gateway/sandbox/sandbox-secrets';
import { writeIdentityProviderJwks } from '../auth/identity-provider-fixture';

/** The Đà Nẵng CDC's deployment, as the production entry reads it, with NODE_ENV left unset. */
function danangDeployment(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'hygiene-'));
  writeQrKey(dir, 'danang-2026-11');
  const instances = join(dir, 'instances.json');
  writeFileSync(instances, JSON.stringify([{ name: 'c06', platform: 'c06', baseUrl: 'https://c06.danang.internal', writers: [] }]));
  return {
    AUTH_JWKS_FILE: writeIdentityProviderJwks(dir),
    QR_KEYS_DIR: dir,
    QR_ACTIVE_KID: 'danang-2026-11',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_SECRET: 'danang-redis-key-names-9c41e07b2f5a',
    AUTH_ISSUER: 'https://sso.danang.gov.vn/realms/yte',
    AUTH_AUDIENCE: 'vnhc-gateway-api',
    ADAPTER_INSTANCES_FILE: instances,
  };
}

describe('HTTP hygiene under the production entry, whatever NODE_ENV says', () => {
  it('sends HSTS and lets in only the origins it names', () => {
    const config = loadProductionConfig({ ...danangDeployment(), CORS_ORIGINS: 'https://cdc.danang.gov.vn' });
    assert.deepEqual(config.http, { corsOrigins: ['https://cdc.danang.gov.vn'], hsts: true });
  });

  it('refuses CORS_ORIGINS="*" at start', () => {
    assert.throws(
      () => loadProductionConfig({ ...danangDeployment(), CORS_ORIGINS: '*' }),
      (e: Error) => e instanceof ConfigError && /^CORS_ORIGINS/.test(e.message),
    );
  });
});
