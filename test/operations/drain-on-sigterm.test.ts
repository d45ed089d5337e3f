import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signAccessToken } from '../../gateway/auth/access-tokens';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { GatewayProcess } from '../support/gateway-process';
import { goldenNative } from '../support/mapping';
import { waitFor } from '../support/wait-for';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A request on a connection of its own whose headers go first, with `Expect: 100-continue`: once the
 * gateway answers "continue" it has taken the request, so the request is in flight there for certain;
 * the body follows when the test calls send().
 */
async function takenRequest(
  baseUrl: string,
  path: string,
  token: string,
): Promise<{ send: (body: unknown) => void; answer: Promise<Answer> }> {
  let req!: ClientRequest;
  const answer = new Promise<Answer>((resolve, reject) => {
    req = request(`${baseUrl}${path}`, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', expect: '100-continue' },
    });
    req.once('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once('error', reject);
  });
  req.flushHeaders();
  await new Promise<void>((resolve, reject) => {
    req.once('continue', resolve);
    answer.catch(reject);
  });
  return { send: (body) => req.end(JSON.stringify(body)), answer };
}

/** GET on a connection of its own (a client arriving now, as a load balancer's next connection would); refused or reset says so. */
function freshGet(baseUrl: string, path: string): Promise<Answer | 'refused'> {
  return new Promise((resolve) => {
    const req = request(`${baseUrl}${path}`, { agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.once('error', () => resolve('refused'));
    });
    req.once('error', () => resolve('refused'));
    req.end();
  });
}

describe('a gateway stopped by SIGTERM during a rollout', function () {
  this.timeout(60000);
  let gateway: GatewayProcess | undefined;
  let token: string;
  let platformFaults: string;

  /** The sandbox with Tờ khai y tế alone, simulated in the gateway's process, behind a breaker patient enough for a slowed platform. */
  async function startGateway(env: NodeJS.ProcessEnv = {}): Promise<GatewayProcess> {
    const sandbox = mkdtempSync(join(tmpdir(), 'drain-'));
    token = signAccessToken(loadSandboxConfig({ SANDBOX_DIR: sandbox }).auth, 'cdc-hanoi-checkpoint-07', ['declarations:write', 'verify']);
    const instances = join(sandbox, 'instances.json');
    writeFileSync(instances, JSON.stringify([{ name: 'tokhaiyte', platform: 'tokhaiyte', breaker: { timeoutMs: 10000 } }]));
    gateway = await GatewayProcess.start({
      SANDBOX_DIR: sandbox,
      ADAPTER_INSTANCES_FILE: instances,
      SANDBOX_PLATFORMS: 'on',
      VERIFY_DEADLINE_MS: '8000',
      REQUEST_TIMEOUT_MS: '10000',
      ...env,
    });
    platformFaults = JSON.parse(readFileSync(join(sandbox, 'platforms.json'), 'utf8')).tokhaiyte.faults;
    return gateway;
  }
  afterEach(() => gateway?.stop());

  async function ingested(gateway: GatewayProcess, record: unknown): Promise<{ qr: string }> {
    const response = await fetch(`${gateway.baseUrl}/v1/sources/tokhaiyte/declarations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(record),
    });
    assert.equal(response.status, 201);
    return ((await response.json()) as { citizen: { qr: string } }).citizen;
  }

  async function slowPlatform(latencyMs: number): Promise<void> {
    const response = await fetch(platformFaults, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs, jitterMs: 0 }),
    });
    assert.equal(response.status, 200);
  }

  it('answers the scan and the ingest in flight, refuses nothing while ready, and exits 0 once drained', async () => {
    // With the operators' listener too: it answers the kubelet during the API's drain, then closes.
    const gateway = await startGateway({ SHUTDOWN_DRAIN_MS: '20000', OPS_PORT: '0' });
    const citizen = await ingested(gateway, goldenNative('tokhaiyte', '07'));
    // The platform now takes two seconds: a scan of this citizen asks it, and waits.
    await slowPlatform(2000);
    const scan = await takenRequest(gateway.baseUrl, '/v1/verify', token);
    scan.send({ qr: citizen.qr });
    const secondIngest = await takenRequest(gateway.baseUrl, '/v1/sources/tokhaiyte/declarations', token);

    // Clients keep arriving on new connections all along, as a load balancer's would.
    const seen: ('ready' | 'draining' | 'refused' | 'other')[] = [];
    let exited = false;
    const arrivals = (async () => {
      while (!exited) {
        const answer = await freshGet(gateway.baseUrl, '/readyz');
        if (answer === 'refused') seen.push('refused');
        else seen.push(answer.status === 200 ? 'ready' : answer.status === 503 && /"draining"/.test(answer.body) ? 'draining' : 'other');
        await new Promise((resolve) => setTimeout(resolve, 20)); // pacing the arrivals, not waiting for a state
      }
    })();
    await waitFor(() => seen.includes('ready'), 5000, 'a first ready answer');

    const exitCode = gateway.terminate().finally(() => (exited = true));
    await waitFor(() => seen.includes('draining'), 5000, '/readyz to answer 503 draining');
    const during = await freshGet(gateway.baseUrl, '/healthz');
    assert.notEqual(during, 'refused', 'a new connection during the drain is served');
    assert.equal((during as Answer).status, 200);
    assert.equal((during as Answer).headers.connection, 'close');
    const opsReadiness = await freshGet(gateway.opsUrl, '/readyz');
    assert.notEqual(opsReadiness, 'refused', 'the operators’ listener stays open while the API drains');
    assert.deepEqual([(opsReadiness as Answer).status, JSON.parse((opsReadiness as Answer).body).status], [503, 'draining']);

    secondIngest.send({ ...goldenNative('tokhaiyte', '02'), ma_to_khai: 'TK21072000009977' });
    const [scanned, secondIngested] = await Promise.all([scan.answer, secondIngest.answer]);
    assert.equal(scanned.status, 200, scanned.body);
    assert.equal(secondIngested.status, 201, secondIngested.body);
    assert.equal(scanned.headers.connection, 'close');

    assert.equal(await exitCode, 0, gateway.output());
    assert.equal(await freshGet(gateway.opsUrl, '/healthz'), 'refused', 'the operators’ listener closed with the process');
    await arrivals;
    const firstDraining = seen.indexOf('draining');
    assert.deepEqual(new Set(seen.slice(0, firstDraining)), new Set(['ready']), `nothing refused while ready: ${seen.join(' ')}`);
    assert.ok(!seen.slice(firstDraining).includes('ready'), `never ready again once draining: ${seen.join(' ')}`);
    const stopped = gateway
      .output()
      .split('\n')
      .find((line) => line.includes('"stopped: requests drained'));
    assert.ok(stopped, `the drain line:\n${gateway.output()}`);
    const { drained, inFlightAtSignal } = JSON.parse(stopped) as { drained: number; inFlightAtSignal: number };
    assert.ok(inFlightAtSignal >= 2, stopped);
    assert.ok(drained >= 3, stopped);
    assert.match(stopped, /both listeners closed/);
  });

  it('ends the process at the drain deadline when a request is still unanswered, and says so', async () => {
    const gateway = await startGateway({ SHUTDOWN_DRAIN_MS: '1000' });
    const citizen = await ingested(gateway, goldenNative('tokhaiyte', '07'));
    // A scan that waits five seconds for the platform: still in flight at the deadline.
    await slowPlatform(5000);
    const scan = await takenRequest(gateway.baseUrl, '/v1/verify', token);
    scan.send({ qr: citizen.qr });
    scan.answer.catch(() => {});
    assert.equal(await gateway.terminate(), 1, gateway.output());
    assert.match(gateway.output(), /"inFlight":1,"drainMs":1000,"msg":"drain deadline passed/);
  });
});
