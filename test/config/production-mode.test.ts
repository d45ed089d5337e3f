import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { parse } from 'yaml';
import { verifyAccessToken } from '../../gateway/auth/access-tokens';
import { ConfigError, loadConfig } from '../../gateway/config';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { writeQrKey } from '../../gateway/sandbox/sandbox-secrets';
import { GatewayProcess } from '../support/gateway-process';
import { writeIdentityProviderJwks } from '../auth/identity-provider-fixture';

const REAL_SECRET = 'k7Yp2QvXw9Lr4Tz8Nb3Hc6Jd1Mf5Gs0A';
const CHART = join(__dirname, '..', '..', 'helm', 'vnhc-gateway');

/** Every access-token secret the Helm chart ships in its values files (none, once the chart gives an IdP's JWKS instead). */
function chartSecrets(): string[] {
  const files = [
    'values.yaml',
    ...readdirSync(join(CHART, 'ci'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join('ci', f)),
  ];
  return files.map((f) => parse(readFileSync(join(CHART, f), 'utf8'))?.secrets?.authJwtSecret).filter((s): s is string => Boolean(s));
}

function productionKeys(): { QR_KEYS_DIR: string; QR_ACTIVE_KID: string; AUTH_JWKS_FILE: string } {
  const dir = mkdtempSync(join(tmpdir(), 'prod-keys-'));
  writeQrKey(dir, 'prod-2026-11');
  return { QR_KEYS_DIR: dir, QR_ACTIVE_KID: 'prod-2026-11', AUTH_JWKS_FILE: writeIdentityProviderJwks(dir) };
}

describe('configuration', () => {
  describe('in production mode (NODE_ENV=production)', () => {
    const production = {
      NODE_ENV: 'production',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_SECRET: 'prod-redis-key-names-5f0c1e9a7b3d42a8',
      AUTH_ISSUER: 'https://id.moh.gov.vn/realms/vnhc',
      AUTH_AUDIENCE: 'vnhc-gateway-api',
      ...productionKeys(),
    };
    const refused = (variable: RegExp) => (e: Error) => e instanceof ConfigError && variable.test(e.message);

    it("verifies access tokens with the identity provider's keys only, from a file or an https URL", () => {
      const fromFile = loadConfig(production);
      assert.equal(fromFile.production, true);
      assert.equal(fromFile.auth.jwks?.url.protocol, 'file:');
      assert.equal(fromFile.auth.secret, undefined, 'no shared secret');
      const fromUrl = loadConfig({
        ...production,
        AUTH_JWKS_FILE: '',
        AUTH_JWKS_URL: 'https://id.moh.gov.vn/realms/vnhc/protocol/openid-connect/certs',
      });
      assert.equal(fromUrl.auth.jwks?.url.host, 'id.moh.gov.vn');
      assert.deepEqual(
        [fromUrl.auth.jwks?.timeoutMs, fromUrl.auth.jwks?.cooldownMs, fromUrl.auth.jwks?.cacheMaxAgeMs],
        [1500, 30_000, 600_000],
      );
    });

    it("refuses to start without its identity provider's issuer or this gateway's audience: no sandbox default stands in", () => {
      for (const [name, blank] of [
        ['AUTH_ISSUER', undefined],
        ['AUTH_ISSUER', ''],
        ['AUTH_AUDIENCE', undefined],
        ['AUTH_AUDIENCE', ' '],
      ] as const)
        assert.throws(
          () => loadConfig({ ...production, [name]: blank }),
          refused(new RegExp(`^${name}: .*no default`)),
          `${name}=${blank}`,
        );
      const config = loadConfig(production);
      assert.deepEqual([config.auth.issuer, config.auth.audience], ['https://id.moh.gov.vn/realms/vnhc', 'vnhc-gateway-api']);
    });

    it('keeps the last keys read through an IdP outage an hour at most unless told, and never less than the cache keeps them', () => {
      const url = { ...production, AUTH_JWKS_FILE: '', AUTH_JWKS_URL: 'https://id.moh.gov.vn/realms/vnhc/protocol/openid-connect/certs' };
      assert.equal(loadConfig(url).auth.jwks?.maxStaleMs, 3_600_000);
      assert.equal(loadConfig({ ...url, AUTH_JWKS_MAX_STALE_MS: '900000' }).auth.jwks?.maxStaleMs, 900_000);
      assert.equal(
        loadConfig({ ...url, AUTH_JWKS_CACHE_MAX_AGE_MS: '7200000' }).auth.jwks?.maxStaleMs,
        7_200_000,
        'at least the cache age',
      );
      assert.throws(
        () => loadConfig({ ...url, AUTH_JWKS_MAX_STALE_MS: '60000' }),
        refused(/^AUTH_JWKS_MAX_STALE_MS: "60000" is not a whole number from 600000/),
      );
    });

    it("refuses to start without the identity provider's keys, naming both variables", () => {
      assert.throws(() => loadConfig({ ...production, AUTH_JWKS_FILE: '' }), refused(/^AUTH_JWKS_FILE or AUTH_JWKS_URL/));
    });

    it("refuses the shared HS256 secret, a real one included, and the Helm chart's examples", () => {
      for (const AUTH_JWT_SECRET of [REAL_SECRET, 'changeme', ...chartSecrets()])
        assert.throws(
          () => loadConfig({ ...production, AUTH_JWT_SECRET }),
          refused(/^AUTH_JWT_SECRET: refused in production/),
          AUTH_JWT_SECRET,
        );
    });

    it('refuses a JWKS over plain http, both sources at once, and a JWKS file that is not a set of public signing keys', () => {
      const url = { ...production, AUTH_JWKS_FILE: '' };
      assert.throws(() => loadConfig({ ...url, AUTH_JWKS_URL: 'http://id.moh.gov.vn/certs' }), refused(/^AUTH_JWKS_URL: .*https only/));
      assert.throws(() => loadConfig({ ...url, AUTH_JWKS_URL: 'id.moh.gov.vn/certs' }), refused(/^AUTH_JWKS_URL: .*not a URL/));
      assert.throws(
        () => loadConfig({ ...production, AUTH_JWKS_URL: 'https://id.moh.gov.vn/certs' }),
        refused(/^AUTH_JWKS_FILE and AUTH_JWKS_URL/),
      );
      const dir = mkdtempSync(join(tmpdir(), 'bad-jwks-'));
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const file = (name: string, content: unknown) => {
        writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
        return { ...production, AUTH_JWKS_FILE: join(dir, name) };
      };
      const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'leaked' };
      const publicJwk = { ...createPublicKey(privateKey).export({ format: 'jwk' }) };
      assert.throws(() => loadConfig(file('missing.json', '{')), refused(/^AUTH_JWKS_FILE: cannot read/));
      assert.throws(() => loadConfig(file('array.json', [publicJwk])), refused(/not a JSON Web Key Set/));
      assert.throws(() => loadConfig(file('private.json', { keys: [privateJwk] })), refused(/\/keys\/0 is a private or secret key/));
      assert.throws(
        () => loadConfig(file('secret.json', { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'hs' }] })),
        refused(/private or secret key/),
      );
      assert.throws(() => loadConfig(file('no-kid.json', { keys: [publicJwk] })), refused(/no ES256 .* signing key with a kid/));
    });

    it('refuses to start without its QR signing keys, without Redis, or without a secret of its own for Redis key names', () => {
      assert.throws(() => loadConfig({ ...production, QR_KEYS_DIR: '' }), /QR_KEYS_DIR/);
      assert.throws(() => loadConfig({ ...production, REDIS_URL: '' }), /REDIS_URL/);
      assert.throws(() => loadConfig({ ...production, REDIS_KEY_SECRET: '' }), /REDIS_KEY_SECRET/);
      assert.throws(() => loadConfig({ ...production, REDIS_KEY_SECRET: 'short' }), /REDIS_KEY_SECRET/);
    });

    it('never falls back to the sandbox secrets', () => {
      const config = loadConfig({ ...production, SANDBOX_DIR: '/nonexistent/never-created' });
      assert.equal(config.production, true);
      assert.deepEqual(
        config.qr.keys.map((k) => k.kid),
        ['prod-2026-11'],
      );
    });

    it('exits with a clear message from the real process, before listening', async function () {
      this.timeout(15000);
      const { code, output } = await GatewayProcess.run({ NODE_ENV: 'production', AUTH_JWT_SECRET: REAL_SECRET });
      assert.equal(code, 78);
      assert.match(output, /configuration refused/);
      assert.match(output, /AUTH_JWT_SECRET: refused in production/);
    });
  });

  describe('outside production', () => {
    it('takes the shared secret alone (the tests), and derives the Redis key-name secret from it when none is given', () => {
      const env = { ...productionKeys(), AUTH_JWKS_FILE: '', AUTH_JWT_SECRET: REAL_SECRET, REDIS_URL: 'redis://127.0.0.1:6379' };
      const config = loadConfig(env);
      assert.equal(config.auth.jwks, undefined);
      assert.ok(config.auth.secret);
      assert.ok(config.redis?.keyNameSecret.equals(loadConfig(env).redis?.keyNameSecret as KeyObject), 'derived the same at each start');
    });

    it("with the identity provider's keys alone, needs REDIS_KEY_SECRET for Redis (a public key derives no secret)", () => {
      const env = { ...productionKeys(), REDIS_URL: 'redis://127.0.0.1:6379' };
      assert.throws(
        () => loadConfig(env),
        (e: Error) => e instanceof ConfigError && /^REDIS_KEY_SECRET/.test(e.message),
      );
      assert.ok(loadConfig({ ...env, REDIS_KEY_SECRET: 'dev-redis-key-names-5f0c1e9a7b3d42a8' }).redis);
      assert.equal(loadConfig({ ...env, REDIS_URL: '' }).redis, undefined, 'the memory store needs none');
    });
  });

  it('reads QR signing keys from the environment as well as from files', () => {
    const { QR_KEYS_DIR, QR_ACTIVE_KID } = productionKeys();
    const pem = readFileSync(join(QR_KEYS_DIR, `${QR_ACTIVE_KID}.pem`), 'utf8');
    const config = loadSandboxConfig({
      SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'cfg-')),
      QR_KEYS_JSON: JSON.stringify({ 'env-key': pem }),
      QR_ACTIVE_KID: 'env-key',
    });
    assert.deepEqual(
      config.qr.keys.map((k) => k.kid),
      ['env-key'],
    );
    assert.throws(
      () => loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'cfg-')), QR_KEYS_JSON: '{"k":"not a pem"}', QR_ACTIVE_KID: 'k' }),
      /not a PEM private key/,
    );
  });

  it('merges platform credentials kept apart from the instances, and refuses credentials for an instance that does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'creds-'));
    writeFileSync(
      join(dir, 'instances.json'),
      JSON.stringify([{ name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'http://tokhaiyte.internal' }]),
    );
    writeFileSync(join(dir, 'credentials.json'), JSON.stringify({ tokhaiyte: { apiKey: 'from-the-secret' } }));
    const config = loadSandboxConfig({
      SANDBOX_DIR: dir,
      ADAPTER_INSTANCES_FILE: join(dir, 'instances.json'),
      ADAPTER_CREDENTIALS_FILE: join(dir, 'credentials.json'),
    });
    assert.deepEqual(config.instances[0]?.credentials, { apiKey: 'from-the-secret' });
    writeFileSync(join(dir, 'credentials.json'), JSON.stringify({ vneid: { apiKey: 'x' } }));
    assert.throws(
      () =>
        loadSandboxConfig({
          SANDBOX_DIR: dir,
          ADAPTER_INSTANCES_FILE: join(dir, 'instances.json'),
          ADAPTER_CREDENTIALS_FILE: join(dir, 'credentials.json'),
        }),
      /no instance named vneid/,
    );
  });

  it("refuses an instance's base URL with a query, a fragment or a user:password in it, which its client would drop, and takes a scheme in any case", () => {
    const dir = mkdtempSync(join(tmpdir(), 'base-url-'));
    const load = (baseUrl: string) => {
      writeFileSync(join(dir, 'instances.json'), JSON.stringify([{ name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl }]));
      return loadSandboxConfig({ SANDBOX_DIR: dir, ADAPTER_INSTANCES_FILE: join(dir, 'instances.json') });
    };
    assert.equal(load('https://tokhaiyte.internal/to-khai-y-te/').instances[0]?.baseUrl, 'https://tokhaiyte.internal/to-khai-y-te/');
    // A URL's scheme is case-insensitive (RFC 3986 §3.1): the client's URL parser lowers it.
    assert.equal(load('HTTPS://tokhaiyte.internal/api').instances[0]?.baseUrl, 'HTTPS://tokhaiyte.internal/api');
    for (const bad of [
      'https://tokhaiyte.internal/api?key=1',
      'https://tokhaiyte.internal/#v1',
      'https://user:secret@tokhaiyte.internal',
      'https://tokhaiyte.internal\\admin',
    ])
      assert.throws(() => load(bad), /baseUrl/, bad);
  });

  it('names the variable of a bad number instead of using a default', () => {
    assert.throws(() => loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'cfg-')), PORT: 'eighty' }), /PORT: "eighty"/);
    assert.throws(
      () => loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'cfg-')), REQUEST_TIMEOUT_MS: '-1' }),
      /REQUEST_TIMEOUT_MS/,
    );
  });

  it('refuses a QR signing key that is not P-256', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-key-'));
    spawnSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', join(dir, 'ed.pem')]);
    assert.throws(() => loadSandboxConfig({ SANDBOX_DIR: dir, QR_KEYS_DIR: dir, QR_ACTIVE_KID: 'ed' }), /not a P-256/);
  });
});

describe('the token command', () => {
  it("prints a token that the sandbox accepts, issued by its identity provider's ES256 key, with the scopes asked for", async function () {
    this.timeout(15000);
    const sandbox = mkdtempSync(join(tmpdir(), 'token-'));
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'gateway/sandbox/token-cli.ts', '--sub', 'demo-partner', '--scope', 'verify citizens:read'],
      {
        cwd: join(__dirname, '..', '..'),
        env: { PATH: process.env.PATH, SANDBOX_DIR: sandbox },
        encoding: 'utf8',
      },
    );
    assert.equal(run.status, 0, run.stderr);
    const token = run.stdout.trim();
    const caller = await verifyAccessToken(token, loadSandboxConfig({ SANDBOX_DIR: sandbox }).auth);
    assert.equal(caller.subject, 'demo-partner');
    assert.deepEqual([...caller.scopes], ['verify', 'citizens:read']);
    const kid = readdirSync(join(sandbox, 'identity-provider'))
      .find((f) => f.endsWith('.pem'))
      ?.slice(0, -4);
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'ES256', typ: 'JWT', kid }, "issued by the sandbox's identity provider");
  });
});
