import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { signAccessToken } from '../../gateway/auth/access-tokens';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { GatewayProcess } from '../support/gateway-process';
import { requireProgram } from '../support/tools';

/**
 * A NetworkPolicy sees ports, not paths: with OPS_PORT set, what only operators and Prometheus may
 * read (metrics, the dashboard, the operator API the page calls) is served on a port of its own, and
 * the API's port no longer serves metrics and the dashboard page.
 */
describe('the operators’ listener (OPS_PORT), apart from the API’s port', function () {
  this.timeout(60000);
  let gateway: GatewayProcess;
  let operatorToken: string;
  let partnerToken: string;

  before(async () => {
    const sandbox = mkdtempSync(join(tmpdir(), 'ops-port-'));
    const auth = loadSandboxConfig({ SANDBOX_DIR: sandbox }).auth;
    operatorToken = signAccessToken(auth, 'truc-ban-van-hanh-so-y-te', ['operator']);
    partnerToken = signAccessToken(auth, 'cdc-da-nang-checkpoint-03', ['declarations:write', 'verify']);
    const instances = join(sandbox, 'instances.json');
    writeFileSync(instances, JSON.stringify([{ name: 'tokhaiyte', platform: 'tokhaiyte' }]));
    gateway = await GatewayProcess.start({
      SANDBOX_DIR: sandbox,
      ADAPTER_INSTANCES_FILE: instances,
      SANDBOX_PLATFORMS: 'on',
      OPS_PORT: '0',
    });
  });
  after(() => gateway?.stop());

  const get = (base: string, path: string, token?: string) =>
    fetch(`${base}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('listens on a port of its own, said in the "gateway listening" line', () => {
    assert.ok(gateway.opsPort && gateway.opsPort !== gateway.port, gateway.output());
  });

  it('serves /metrics and the dashboard page on the operators’ port, the page with its own CSP', async () => {
    const metrics = await get(gateway.opsUrl, '/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.match(await metrics.text(), /^vnhc_build_info\{/m);
    const page = await get(gateway.opsUrl, '/dashboard');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'sha256-[^']+'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.ok(page.headers.get('x-request-id'), 'the same pipeline: a request id on every answer');
  });

  it('answers 404 problem+json for /metrics and /dashboard on the API port, which still serves the API and its probes', async () => {
    for (const path of ['/metrics', '/dashboard']) {
      const res = await get(gateway.baseUrl, path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, path);
    }
    assert.equal((await get(gateway.baseUrl, '/openapi.json')).status, 200);
    assert.equal((await get(gateway.baseUrl, '/readyz')).status, 200);
  });

  it('answers the kubelet’s probes on the operators’ port too', async () => {
    assert.equal((await get(gateway.opsUrl, '/healthz')).status, 200);
    const ready = await get(gateway.opsUrl, '/readyz');
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { status: string }).status, 'ready');
  });

  it('serves the dashboard’s data calls with an operator token: adapters, a breaker opened and reset, the audit trail', async () => {
    const adapters = await get(gateway.opsUrl, '/v1/adapters', operatorToken);
    assert.equal(adapters.status, 200);
    const { processes } = (await adapters.json()) as { processes: { adapters: { instance: string }[] }[] };
    assert.deepEqual(
      processes[0]?.adapters.map((a) => a.instance),
      ['tokhaiyte'],
    );
    for (const action of ['open', 'reset']) {
      const res = await fetch(`${gateway.opsUrl}/v1/adapters/tokhaiyte/breaker`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action }),
      });
      assert.equal(res.status, 200, await res.clone().text());
    }
    const audit = (await (await get(gateway.opsUrl, '/v1/audit', operatorToken)).json()) as {
      entries: { actor: string; action: string }[];
    };
    assert.deepEqual(
      audit.entries.slice(0, 2).map((e) => [e.actor, e.action]),
      [
        ['truc-ban-van-hanh-so-y-te', 'breaker-reset'],
        ['truc-ban-van-hanh-so-y-te', 'breaker-open'],
      ],
    );
  });

  it('asks for the same token as the API port: 401 without one, 403 without the operator scope', async () => {
    const anonymous = await get(gateway.opsUrl, '/v1/adapters');
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal((await get(gateway.opsUrl, '/v1/audit', partnerToken)).status, 403);
  });

  it('serves nothing a partner calls: no API document, no scan', async () => {
    assert.equal((await get(gateway.opsUrl, '/openapi.json')).status, 404);
    assert.equal((await get(gateway.opsUrl, '/.well-known/jwks.json')).status, 404);
    const scan = await fetch(`${gateway.opsUrl}/v1/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${partnerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ qr: 'TKYT:TK21072000001234' }),
    });
    assert.equal(scan.status, 404);
  });

  it('shows the dashboard in a browser from the operators’ port: its CSP lets its data calls to that origin through', async function () {
    const executablePath = requireProgram(this, 'chromium', 'chromium');
    const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      // Every answer the page gets is a success, but the browser's own favicon.ico (the page names none).
      const refused: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) refused.push(`${response.status()} ${response.url()}`);
      });
      page.on(
        'console',
        (message) => message.type() === 'error' && /Content Security Policy/.test(message.text()) && refused.push(message.text()),
      );
      await page.goto(`${gateway.opsUrl}/dashboard`);
      await page.fill('#token', operatorToken);
      await page.click('#signin-button');
      await page.locator('article.card[data-instance="tokhaiyte"]').waitFor({ timeout: 10000 });
      assert.deepEqual(refused, []);
    } finally {
      await browser.close();
    }
  });

  it('exposes metrics on which promtool check metrics reports nothing at all', async function () {
    const promtool = requireProgram(this, 'promtool', 'prometheus');
    const text = await (await get(gateway.opsUrl, '/metrics')).text();
    const check = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(`${check.stdout}${check.stderr}`, '');
    assert.equal(check.status, 0);
  });
});
