import assert from 'node:assert/strict';
import { formatIct } from '../../gateway/normalize/dates';
import { readFileSync } from 'node:fs';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapterRegistry, DEFAULT_INSTANCES, UpstreamError } from '../../adapters';
import { c06Signature } from '../../adapters/c06/c06-signature';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { startSandboxPlatforms, writePlatformAddresses, type SandboxPlatforms } from '../../gateway/sandbox/sandbox-platforms';
import { syntheticCitizens } from '../../gateway/sandbox/synthetic-citizens';
import { decodeCccd } from '../../gateway/normalize/documents';
import { usualFaults } from '../support/sandbox-fixture';

describe('the simulated platforms', function () {
  this.timeout(20000);
  let sandbox: SandboxPlatforms;
  let restoreFaults: () => void;
  before(async () => {
    sandbox = await startSandboxPlatforms(DEFAULT_INSTANCES, { citizens: 60 });
    restoreFaults = usualFaults(sandbox.simulators);
  });
  // A test that made a platform misbehave and failed half way leaves it as the next test expects it.
  beforeEach(() => restoreFaults());
  after(() => sandbox.stop());

  const base = (instance: string) => sandbox.simulators.find((s) => s.instance.name === instance)!.baseUrl;
  const registry = () => createAdapterRegistry(sandbox.instances);

  it('hold synthetic citizens whose CCCD agrees with their sex and birth year, and whose records all map', () => {
    for (const c of syntheticCitizens(300)) {
      const facts = decodeCccd(c.cccd);
      assert.ok(
        facts.ok &&
          facts.value.sex === c.sex &&
          facts.value.birthYear === Number(c.birthDate.slice(0, 4)) &&
          facts.value.provinceCode === c.provinceCode,
        c.cccd,
      );
    }
    const adapters = registry();
    for (const simulator of sandbox.simulators) {
      // The simulators date their records just before now: they map as arriving now.
      for (const record of simulator.records.all())
        assert.ok(adapters.get(simulator.instance.name)!.toCanonical(record, formatIct(new Date())).ok);
    }
  });

  it('put the same person on several platforms', () => {
    const onThree = syntheticCitizens(60).filter((c) => c.platforms.length >= 3);
    assert.ok(onThree.length > 10);
  });

  it("refuse a request without the platform's credentials", async () => {
    const paths: [string, string][] = [
      ['tokhaiyte', '/api/v1/to-khai/TK1'],
      ['ncovi', '/v2/declarations/x'],
      ['bluezone', '/api/v3/risk/BZ1'],
      ['zalo', '/oa/x/forms/1'],
      ['c06', '/dbdc/v1/khai-bao/x'],
      ['smartcity-hanoi', '/hanoi/api/reports/x'],
    ];
    for (const [instance, path] of paths) assert.equal((await fetch(base(instance) + path)).status, 401, instance);
  });

  it("check C06's HMAC signature and refuse a Date too far from now", async () => {
    const path = '/dbdc/v1/khai-bao/C06-79-20210815-000042';
    const { credentials } = sandbox.simulators.find((s) => s.instance.name === 'c06')!;
    const call = (date: string, secret: string) =>
      fetch(base('c06') + path, {
        headers: { 'X-Client-Id': credentials.clientId!, Date: date, 'X-Signature': c06Signature(secret, 'GET', path, date) },
      });
    const now = new Date().toUTCString();
    assert.equal((await call(now, credentials.secret!)).status, 200);
    assert.equal((await call(now, 'wrong-secret')).status, 401);
    assert.equal((await call(new Date(Date.now() - 3_600_000).toUTCString(), credentials.secret!)).status, 401);
  });

  it("answer the platforms' not-found shapes", async () => {
    const adapters = registry();
    for (const instance of ['tokhaiyte', 'bluezone', 'c06', 'smartcity-hanoi']) {
      const client = adapters.get(instance)!.createClient()!;
      assert.deepEqual(await client.byRecord('C06-00-00000000-000000', undefined, AbortSignal.timeout(2000)), { found: false }, instance);
    }
  });

  it("misbehave on demand: errors in the platform's own shape, then down", async () => {
    const client = registry().get('tokhaiyte')!.createClient()!;
    const put = (faults: object) =>
      fetch(`${base('tokhaiyte')}/__faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(faults),
      });
    await put({ errorRate: 1 });
    const error = await client.byRecord('TK1', undefined, AbortSignal.timeout(2000)).catch((e: unknown) => e);
    assert.ok(error instanceof UpstreamError && error.kind === 'rate-limited' && error.retryAfterMs === 1000);
    await put({ errorRate: 0, down: true });
    const down = await client.byRecord('TK1', undefined, AbortSignal.timeout(2000)).catch((e: unknown) => e);
    assert.ok(down instanceof UpstreamError && down.kind === 'connection');
    await put({ down: false });
    assert.equal((await put({ errorRate: 2 })).status, 400);
  });

  it('take new records through POST /__records', async () => {
    const record = { bluezoneId: 'BZNEW00001', phoneNumber: '84900000001', riskLevel: 'F2', updatedAt: new Date().toISOString() };
    const added = await fetch(`${base('bluezone')}/__records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([record]),
    });
    assert.equal(added.status, 201);
    const found = await registry().get('bluezone')!.createClient()!.byRecord('BZNEW00001', undefined, AbortSignal.timeout(2000));
    // The client also hands on the answer's text (the router's repeated-answer check): the record as it was sent.
    assert.deepEqual(found, { found: true, native: record, text: JSON.stringify(record) });
  });

  it("write their addresses to a file in the sandbox's data folder", () => {
    const dir = mkdtempSync(join(tmpdir(), 'addresses-'));
    const file = writePlatformAddresses(dir, sandbox);
    const addresses = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(
      Object.keys(addresses),
      DEFAULT_INSTANCES.map((i) => i.name),
    );
    assert.equal(addresses.c06.baseUrl, base('c06'));
  });

  it("write this run's instances and credentials as the production entry reads them, the credentials owner-only", () => {
    const dir = mkdtempSync(join(tmpdir(), 'addresses-'));
    writePlatformAddresses(dir, sandbox);
    const instancesFile = join(dir, 'platform-instances.json');
    const credentialsFile = join(dir, 'platform-credentials.json');
    assert.equal(statSync(credentialsFile).mode & 0o777, 0o600);
    assert.ok(!readFileSync(instancesFile, 'utf8').includes('credentials'), 'no credential in the instances file');
    const read = loadSandboxConfig({
      SANDBOX_DIR: dir,
      ADAPTER_INSTANCES_FILE: instancesFile,
      ADAPTER_CREDENTIALS_FILE: credentialsFile,
    }).instances;
    assert.deepEqual(
      read,
      sandbox.instances.map((instance) => ({ ...instance, writers: ['demo-partner'] })),
    );
  });
});
