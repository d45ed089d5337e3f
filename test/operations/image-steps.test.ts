import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDockerfile, replayCopies, type DockerStage } from '../support/dockerfile-steps';
import { goldenNative } from '../support/mapping';
import { OwnRedis, freePort, redisServerInstalled } from '../support/redis';
import { waitFor } from '../support/wait-for';

const ROOT = join(__dirname, '..', '..');
/** The uid the image runs as (USER): the replayed process runs as it too when the test runs as root. */
const IMAGE_UID = 10001;

/** A command run to its end in `cwd`, its output kept for a failure's message. */
function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** The Ministry's identity provider, as production names it (AUTH_ISSUER: no default there). */
const IDP_ISSUER = 'https://id.moh.gov.vn/realms/vnhc';

/** An ES256 access token as the operator's identity provider would issue it. */
function idpToken(privateKey: KeyObject, kid: string, subject: string, scope: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const signed = `${encode({ alg: 'ES256', typ: 'JWT', kid })}.${encode({ iss: IDP_ISSUER, aud: 'vnhc-gateway-api', sub: subject, scope, iat: now, exp: now + 600 })}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

/**
 * The secrets production requires, made for this run and readable by the image's user: a QR signing
 * key, the identity provider's JWKS (and its private key, to sign a token), a key-name secret, and
 * one platform instance with an address (nothing listens there: its breaker opens, readiness stays).
 */
function productionSecrets(dir: string, platformPort: number) {
  mkdirSync(join(dir, 'qr-keys'));
  const qr = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(join(dir, 'qr-keys', 'qr-2026-11.pem'), qr.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const idp = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = 'idp-2026-11';
  writeFileSync(
    join(dir, 'jwks.json'),
    JSON.stringify({ keys: [{ ...idp.publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' }] }),
  );
  writeFileSync(
    join(dir, 'instances.json'),
    JSON.stringify([
      { name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: `http://127.0.0.1:${platformPort}`, writers: ['so-y-te-ha-noi'] },
    ]),
  );
  return {
    env: {
      QR_KEYS_DIR: join(dir, 'qr-keys'),
      QR_ACTIVE_KID: 'qr-2026-11',
      AUTH_JWKS_FILE: join(dir, 'jwks.json'),
      REDIS_KEY_SECRET: randomBytes(32).toString('base64url'),
      AUTH_ISSUER: IDP_ISSUER,
      AUTH_AUDIENCE: 'vnhc-gateway-api',
      ADAPTER_INSTANCES_FILE: join(dir, 'instances.json'),
    },
    token: idpToken(idp.privateKey, kid, 'so-y-te-ha-noi', 'declarations:write citizens:read'),
  };
}

/**
 * The image's steps replayed without a container engine (none runs here): the Dockerfile is parsed,
 * each stage's COPY lines are copied through .dockerignore into a clean folder, the build stage's
 * `npm run build` runs there (its `npm ci` is the repository's own node_modules), the runtime stage's
 * `npm ci --omit=dev` runs offline from npm's cache, and the CMD starts as the image's user with its
 * ENV, production's secrets and a Redis of the test's own. The folder is root's and read-only to that
 * user, as the image's files are: a write outside /tmp would fail the start.
 */
describe('the image, its steps replayed in a clean folder', function () {
  this.timeout(120_000);
  const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const build = dockerfile.find((s) => s.name === 'build') as DockerStage;
  const runtime = dockerfile[dockerfile.length - 1] as DockerStage;
  let redis: OwnRedis | undefined;
  let gateway: ChildProcess | undefined;
  let output = '';
  let port: number;
  /** The operators' listener, which the production entry always opens (OPS_PORT; 0 here: any free port). */
  let opsPort: number;
  let token: string;
  let work: string;
  let app: string;

  before(async function () {
    redisServerInstalled(this);
    assert.deepEqual(build.runs, ['npm ci --no-audit --no-fund', 'npm run build'], 'the build stage runs what this test replays');
    assert.equal(runtime.runs[0], 'npm ci --omit=dev --no-audit --no-fund && npm cache clean --force');
    assert.match(runtime.runs[1] ?? '', new RegExp(`^useradd --uid ${IMAGE_UID} `));
    assert.equal(runtime.runs.length, 2, 'the runtime stage runs what this test replays');
    assert.equal(runtime.user, String(IMAGE_UID));

    work = mkdtempSync(join(tmpdir(), 'image-steps-'));
    const buildRoot = join(work, 'build');
    const imageRoot = join(work, 'image');
    replayCopies(build, ROOT, buildRoot);
    symlinkSync(join(ROOT, 'node_modules'), join(buildRoot, build.workdir, 'node_modules'));
    // The context's files first (the package files the install needs); the build's dist/ once built.
    replayCopies({ ...runtime, copies: runtime.copies.filter((c) => !c.from) }, ROOT, imageRoot);
    app = join(imageRoot, runtime.workdir);
    // The two installs and the build do not depend on each other: run at once, the test stays under a minute.
    const [built, installed] = await Promise.all([
      run('npm', ['run', 'build'], join(buildRoot, build.workdir)),
      run('npm', ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund'], app),
    ]);
    assert.equal(built.code, 0, `npm run build in the build stage:\n${built.output}`);
    if (installed.code !== 0) {
      if (!/ENOTCACHED/.test(installed.output) || process.env.CI) assert.fail(`npm ci --omit=dev --offline:\n${installed.output}`);
      process.stdout.write("      (skipped: npm's cache lacks packages of package-lock.json; run npm ci once online to fill it)\n");
      this.skip();
    }
    replayCopies({ ...runtime, copies: runtime.copies.filter((c) => c.from) }, ROOT, imageRoot, { build: buildRoot });
    // As the image's files are: root's, readable by all, writable by root alone.
    spawnSync('chmod', ['-R', 'a+rX,go-w', work]);

    redis = await OwnRedis.start();
    const secretsDir = join(work, 'secrets');
    mkdirSync(secretsDir);
    const secrets = productionSecrets(secretsDir, await freePort());
    chmodSync(secretsDir, 0o755);
    spawnSync('chmod', ['-R', 'a+rX', secretsDir]);
    token = secrets.token;
    const [command, ...args] = runtime.cmd as string[];
    assert.equal(command, 'node');
    gateway = spawn(process.execPath, args, {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        HOME: '/nonexistent',
        ...runtime.env,
        ...secrets.env,
        PORT: '0',
        OPS_PORT: '0',
        HOST: '127.0.0.1',
        REDIS_URL: redis.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(process.getuid?.() === 0 ? { uid: IMAGE_UID, gid: IMAGE_UID } : {}),
    });
    gateway.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    gateway.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => /"port":(\d+)[^\n]*"gateway listening"/.test(output) || gateway!.exitCode !== null, 30_000, 'gateway listening');
    const listening = /"port":(\d+)[^\n]*"gateway listening"/.exec(output);
    assert.ok(listening, `the image's CMD did not start:\n${output}`);
    port = Number(listening[1]);
    opsPort = Number(/"opsPort":(\d+)/.exec(listening[0])?.[1]);
  });

  after(async () => {
    if (gateway && gateway.exitCode === null) gateway.kill('SIGKILL');
    await redis?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const url = (path: string) => `http://127.0.0.1:${port}${path}`;

  it('starts in production mode as its unprivileged user and is live and ready on Redis', async () => {
    assert.match(output, /"production":true/);
    assert.match(output, /"store":"redis"/);
    assert.equal((await fetch(url('/healthz'))).status, 200);
    let ready = 0;
    await waitFor(async () => (ready = (await fetch(url('/readyz'))).status) === 200, 10_000, '/readyz 200');
    assert.equal(ready, 200);
  });

  it("runs as a user who cannot write the image's files (the read-only root filesystem it is deployed with)", function () {
    if (process.getuid?.() !== 0) this.skip();
    const write = spawnSync(process.execPath, ['-e', "require('node:fs').writeFileSync('dist/written-at-run-time', '')"], {
      cwd: app,
      uid: IMAGE_UID,
      gid: IMAGE_UID,
      encoding: 'utf8',
    });
    assert.match(write.stderr, /EACCES/);
  });

  it('serves the files it reads from disk: the API document, and the dashboard on the operators’ port alone', async () => {
    assert.equal((await fetch(url('/openapi.json'))).status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${opsPort}/dashboard`)).status, 200);
    assert.equal((await fetch(url('/dashboard'))).status, 404);
  });

  it("takes a declaration signed by the identity provider's key, stored in Redis", async () => {
    // Phạm Minh Đức's declaration on Tờ khai y tế, made an hour ago (Vietnam time): production keeps 28 days.
    const anHourAgo = new Date(Date.now() + 6 * 3_600_000).toISOString();
    const [date = '', time = ''] = [anHourAgo.slice(0, 10), anHourAgo.slice(11, 16)];
    const record = goldenNative('tokhaiyte', '07');
    record.thoi_gian_khai_bao = `${date.split('-').reverse().join('/')} ${time}`;
    record.di_chuyen.ngay_di = date;
    const response = await fetch(url('/v1/sources/tokhaiyte/declarations'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(record),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const { citizen } = (await response.json()) as { citizen: { citizenId: string } };
    const read = await fetch(url(`/v1/citizens/${citizen.citizenId}`), { headers: { authorization: `Bearer ${token}` } });
    assert.equal(read.status, 200);
  });

  it("passes the image's HEALTHCHECK, then drains and exits 0 on SIGTERM", async () => {
    const [command, ...args] = runtime.healthcheck as string[];
    assert.equal(command, 'node');
    const check = await run(process.execPath, args, work, { PATH: process.env.PATH, PORT: String(port) });
    assert.equal(check.code, 0, check.output);
    const exited = new Promise((resolve) => gateway!.once('exit', resolve));
    gateway!.kill('SIGTERM');
    assert.equal(await exited, 0, output);
  });
});
