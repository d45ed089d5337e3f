import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { verifyAccessToken } from '../../gateway/auth/access-tokens';
import { ConfigError, loadConfig } from '../../gateway/config';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { writeQrKey } from '../../gateway/sandbox/sandbox-secrets';
import { GatewayProcess } from '../support/gateway-process';

const REAL_SECRET = 'k7Yp2QvXw9Lr4Tz8Nb3Hc6Jd1Mf5Gs0A';
const CHART = join(__dirname, '..', '..', 'helm', 'vnhc-gateway');

/** Every access-token secret the Helm chart ships in its values files: examples, never real secrets. */
function chartSecrets(): string[] {
  const files = [
    'values.yaml',
    ...readdirSync(join(CHART, 'ci'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join('ci', f)),
  ];
  return files.map((f) => parse(readFileSync(join(CHART, f), 'utf8'))?.secrets?.authJwtSecret).filter((s): s is string => Boolean(s));
}

function productionKeys(): { QR_KEYS_DIR: string; QR_ACTIVE_KID: string } {
  const dir = mkdtempSync(join(tmpdir(), 'prod-keys-'));
  writeQrKey(dir, 'prod-2026-11');
  return { QR_KEYS_DIR: dir, QR_ACTIVE_KID: 'prod-2026-11' };
}

describe('configuration', () => {
  describe('in production mode (NODE_ENV=production)', () => {
    const production = {
      NODE_ENV: 'production',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_SECRET: 'prod-redis-key-names-5f0c1e9a7b3d42a8',
      ...productionKeys(),
    };

    const refusesSecret = (AUTH_JWT_SECRET: string | undefined) =>
      assert.throws(
        () => loadConfig({ ...production, AUTH_JWT_SECRET }),
        (e: Error) => e instanceof ConfigError && /AUTH_JWT_SECRET/.test(e.message),
        AUTH_JWT_SECRET,
      );

    it('refuses to start without an access-token secret, or with a default or short one', () => {
      for (const secret of [undefined, 'changeme', 'secret', 'short-secret']) refusesSecret(secret);
    });

    it("refuses a known example secret long enough to pass the length check: the Helm chart's, a placeholder, in any case", () => {
      const examples = chartSecrets();
      assert.ok(examples.length > 0, 'the chart ships an example secret (ci/default-values.yaml)');
      for (const secret of [
        ...examples,
        'change-me-to-a-long-random-secret-of-32-chars',
        'Change-Me-To-A-Long-Random-Secret-Of-32-Chars',
      ]) {
        assert.ok(secret.length >= 32, `${secret} is refused by its length already`);
        refusesSecret(secret);
      }
      assert.equal(loadConfig({ ...production, AUTH_JWT_SECRET: REAL_SECRET }).production, true, 'a real secret starts');
    });

    it('refuses to start without its QR signing keys, without Redis, or without a secret of its own for Redis key names', () => {
      assert.throws(() => loadConfig({ ...production, AUTH_JWT_SECRET: REAL_SECRET, QR_KEYS_DIR: '' }), /QR_KEYS_DIR/);
      assert.throws(() => loadConfig({ ...production, AUTH_JWT_SECRET: REAL_SECRET, REDIS_URL: '' }), /REDIS_URL/);
      assert.throws(() => loadConfig({ ...production, AUTH_JWT_SECRET: REAL_SECRET, REDIS_KEY_SECRET: '' }), /REDIS_KEY_SECRET/);
      assert.throws(() => loadConfig({ ...production, AUTH_JWT_SECRET: REAL_SECRET, REDIS_KEY_SECRET: 'short' }), /REDIS_KEY_SECRET/);
    });

    it('never falls back to the sandbox secrets', () => {
      const config = loadConfig({ ...production, AUTH_JWT_SECRET: REAL_SECRET, SANDBOX_DIR: '/nonexistent/never-created' });
      assert.equal(config.production, true);
      assert.deepEqual(
        config.qr.keys.map((k) => k.kid),
        ['prod-2026-11'],
      );
    });

    it('exits with a clear message from the real process, before listening', async function () {
      this.timeout(15000);
      const { code, output } = await GatewayProcess.run({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'changeme' });
      assert.equal(code, 78);
      assert.match(output, /configuration refused/);
      assert.match(output, /AUTH_JWT_SECRET/);
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
  it('prints a token that the sandbox accepts, with the scopes asked for', function () {
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
    const caller = verifyAccessToken(run.stdout.trim(), loadSandboxConfig({ SANDBOX_DIR: sandbox }).auth);
    assert.equal(caller.subject, 'demo-partner');
    assert.deepEqual([...caller.scopes], ['verify', 'citizens:read']);
  });
});
