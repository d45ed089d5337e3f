import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { signAccessToken } from '../../gateway/auth/access-tokens';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { syntheticCitizens } from '../../gateway/sandbox/synthetic-citizens';
import { GatewayProcess } from '../support/gateway-process';
import { goldenNative } from '../support/mapping';
import { OwnRedisCluster, redisServerInstalled } from '../support/redis';
import { waitFor } from '../support/wait-for';

/** New people for the load (the sandbox's generator: names with diacritics, CCCDs consistent with sex and birth year, unique phones). */
const PEOPLE = syntheticCitizens(5000, 14);

/** Now on Vietnam's clock, as Tờ khai y tế writes a time: `dd/MM/yyyy HH:mm`. */
function vietnamNow(): { date: string; time: string } {
  const [date, time] = new Date(Date.now() + 7 * 3600_000).toISOString().split('T') as [string, string];
  const [year, month, day] = date.split('-');
  return { date: `${day}/${month}/${year}`, time: time.slice(0, 5) };
}

/** The n-th new person declaring today on Tờ khai y tế, with a declaration code of its own. */
function newPerson(n: number): unknown {
  const person = PEOPLE[n];
  if (!person) throw new Error(`only ${PEOPLE.length} new people were made for the load`);
  const record = goldenNative('tokhaiyte', '01');
  const { date, time } = vietnamNow();
  return {
    ...record,
    ma_to_khai: `TK2108${String(n).padStart(10, '0')}`,
    ho_ten: person.fullName,
    nam_sinh: Number(person.birthDate.slice(0, 4)),
    gioi_tinh: person.sex === 'male' ? 'Nam' : 'Nữ',
    so_giay_to: person.cccd,
    dien_thoai: person.phone,
    thoi_gian_khai_bao: `${date} ${time}`,
    di_chuyen: { ...record.di_chuyen, ngay_di: date },
  };
}

interface Write {
  person: number;
  sentAt: number;
  answeredAt: number;
  status: number;
  declarationId?: string;
  citizenId?: string;
}

interface FailoverRun {
  killedAt: number;
  promotedAt: number;
  writes: Write[];
  readiness: { at: number; status: number }[];
  /** Each person's last answer: the one that acknowledged it (a person is sent again after a failure until acknowledged). */
  acknowledged: Map<number, Write>;
}

const ms = (t: number, from: number) => Math.round(t - from);

describe('a gateway on a Redis Cluster whose primary is killed under ingest load', function () {
  this.timeout(90000);
  let cluster: OwnRedisCluster;
  let gateway: GatewayProcess;
  let token: string;
  let run: FailoverRun;

  before(async function () {
    redisServerInstalled(this);
    // cluster-node-timeout 1000 ms: the replica is promoted within a few seconds, so the test stays short.
    cluster = await OwnRedisCluster.start({ replicasPerPrimary: 1, nodeTimeoutMs: 1000 });
    const sandbox = mkdtempSync(join(tmpdir(), 'failover-'));
    token = signAccessToken(loadSandboxConfig({ SANDBOX_DIR: sandbox }).auth, 'failover-test', [
      'declarations:write',
      'declarations:read',
      'citizens:read',
    ]);
    gateway = await GatewayProcess.start({ SANDBOX_DIR: sandbox, REDIS_CLUSTER_NODES: cluster.urls.join(','), SANDBOX_PLATFORMS: 'off' });
    run = await killPrimaryUnderLoad(cluster, gateway, token);
    report(run);
  });
  after(async () => {
    await gateway?.stop();
    await cluster?.stop();
  });

  it('fails writes while the primary is gone, and writes again by itself after the replica is promoted', () => {
    const failures = run.writes.filter((w) => w.status !== 201 && w.status !== 200);
    assert.ok(failures.length > 0, 'no write failed: the primary was not serving this load');
    assert.ok(
      failures.every((w) => w.status === 503),
      `a failure other than 503: ${[...new Set(failures.map((w) => w.status))]}`,
    );
    const lastFailure = Math.max(...failures.map((w) => w.answeredAt));
    assert.ok(
      run.writes.some((w) => w.status === 201 && w.answeredAt > lastFailure),
      'no write succeeded after the last failure',
    );
  });

  it('says not ready while writes fail, and ready once they succeed again', () => {
    const failures = run.writes.filter((w) => w.status === 503);
    const firstFailure = Math.min(...failures.map((w) => w.answeredAt));
    const lastFailure = Math.max(...failures.map((w) => w.answeredAt));
    // A probe answered within the window of failing writes, once the cached answer (at most 500 ms old) and
    // one probe's budget (500 ms) have passed, must say not ready.
    const duringOutage = run.readiness.filter((r) => r.at > firstFailure + 1000 && r.at < lastFailure);
    assert.ok(duringOutage.length > 0, 'no readiness answer fell within the outage');
    assert.deepEqual(
      duringOutage.filter((r) => r.status !== 503).map((r) => `${ms(r.at, run.killedAt)} ms after the kill: ${r.status}`),
      [],
    );
    assert.equal(run.readiness.at(-1)?.status, 200);
  });

  it('keeps every acknowledged declaration, readable through the API', async () => {
    const missing: number[] = [];
    await inParallel([...run.acknowledged.values()], 8, async (w) => {
      const read = await get(gateway, token, `/v1/declarations/${w.declarationId}`);
      if (read.status !== 200) missing.push(w.person);
    });
    assert.deepEqual(missing, []);
  });

  it('stores no source record twice, a record resent after a 503 included', async () => {
    const acknowledged = [...run.acknowledged.values()];
    assert.equal(new Set(acknowledged.map((w) => w.citizenId)).size, acknowledged.length, 'two people share a citizen');
    const doubled: string[] = [];
    await inParallel(acknowledged, 8, async (w) => {
      const citizen = await get(gateway, token, `/v1/citizens/${w.citizenId}`);
      const ids = (citizen.body as { declarations: { declarationId: string }[] }).declarations.map((d) => d.declarationId);
      if (ids.length !== 1 || ids[0] !== w.declarationId) doubled.push(`person ${w.person}: ${ids.join(', ')}`);
    });
    assert.deepEqual(doubled, []);
  });
});

/**
 * Four clients send new people back to back (a person whose write failed is sent again, as a
 * platform would, until acknowledged) while /readyz is polled; once writes flow, the primary
 * holding part of every new person's keys is killed (SIGKILL). The run ends when writes have
 * succeeded for a while after the last failure.
 */
async function killPrimaryUnderLoad(cluster: OwnRedisCluster, gateway: GatewayProcess, token: string): Promise<FailoverRun> {
  const writes: Write[] = [];
  const readiness: { at: number; status: number }[] = [];
  const acknowledged = new Map<number, Write>();
  let nextPerson = 0;
  let stopping = false;

  const client = async () => {
    let person = nextPerson++;
    while (!stopping) {
      const sentAt = performance.now();
      const write: Write = { person, sentAt, answeredAt: 0, status: 0 };
      try {
        const response = await fetch(`${gateway.baseUrl}/v1/sources/tokhaiyte/declarations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(newPerson(person)),
        });
        const body = (await response.json()) as { declaration?: { declarationId: string }; citizen?: { citizenId: string } };
        Object.assign(write, {
          status: response.status,
          declarationId: body.declaration?.declarationId,
          citizenId: body.citizen?.citizenId,
        });
      } catch {
        // status 0: no answer at all, counted as a failed write
      }
      write.answeredAt = performance.now();
      writes.push(write);
      if (write.status === 201 || write.status === 200) {
        acknowledged.set(person, write);
        person = nextPerson++;
      }
    }
  };
  const clients = [client(), client(), client(), client()];
  const poller = waitFor(
    async () => {
      const response = await fetch(`${gateway.baseUrl}/readyz`).catch(() => undefined);
      await response?.arrayBuffer();
      readiness.push({ at: performance.now(), status: response?.status ?? 0 });
      return stopping;
    },
    85000,
    'the failover run to end',
  );
  try {
    const { primary, replica } = cluster.primaryWithReplica();
    const succeeded = () => writes.filter((w) => w.status === 201).length;
    await waitFor(() => succeeded() >= 200, 20000, '200 declarations acknowledged before the kill');
    const replicaClient = createClient({ url: replica.url, socket: { reconnectStrategy: false } });
    replicaClient.on('error', () => {});
    await replicaClient.connect();
    const killedAt = performance.now();
    await primary.stop();
    await waitFor(async () => (await replicaClient.info('replication')).includes('role:master'), 30000, 'the replica to be promoted');
    const promotedAt = performance.now();
    await replicaClient.close();
    await waitFor(
      () => {
        const failures = writes.filter((w) => w.status !== 201 && w.status !== 200);
        if (failures.length === 0) return false;
        const lastFailure = Math.max(...failures.map((w) => w.answeredAt));
        return writes.filter((w) => w.status === 201 && w.sentAt > lastFailure).length >= 200;
      },
      30000,
      'the gateway to write again for a while after the failover',
    );
    // Readiness follows writes within its cache (500 ms): wait for it to say ready before ending the run.
    await waitFor(() => readiness.at(-1)?.status === 200, 10000, '/readyz to say ready again');
    return { killedAt, promotedAt, writes, readiness, acknowledged };
  } finally {
    stopping = true;
    await Promise.allSettled([...clients, poller]);
  }
}

/** The figures, in one labelled line for the test output (and the README). */
function report({ killedAt, promotedAt, writes, readiness, acknowledged }: FailoverRun): void {
  const failures = writes.filter((w) => w.status !== 201 && w.status !== 200);
  const firstFailure = Math.min(...failures.map((w) => w.answeredAt));
  const lastFailure = Math.max(...failures.map((w) => w.answeredAt));
  const recovered = Math.min(...writes.filter((w) => w.status === 201 && w.answeredAt > lastFailure).map((w) => w.answeredAt));
  const notReady = readiness.filter((r) => r.at > killedAt && r.status !== 200);
  const readyAgain = readiness.find((r) => r.at > lastFailure && r.status === 200);
  const readyDuringOutage = readiness.filter((r) => r.at >= firstFailure && r.at <= lastFailure && r.status === 200).length;
  const probesDuringOutage = readiness.filter((r) => r.at >= firstFailure && r.at <= lastFailure).length;
  console.log(
    `      failover figures (ms after SIGKILL): first failed write ${ms(firstFailure, killedAt)}, replica promoted ${ms(promotedAt, killedAt)}, ` +
      `first write after the last failure ${ms(recovered, killedAt)}; outage ${ms(recovered, firstFailure)} ms, ` +
      `gateway after promotion ${ms(recovered, promotedAt)} ms; ${failures.length} failed writes, ${acknowledged.size} people acknowledged; ` +
      `/readyz first not ready ${notReady[0] ? ms(notReady[0].at, killedAt) : '-'}, ready again ${readyAgain ? ms(readyAgain.at, killedAt) : '-'}, ` +
      `said ready ${readyDuringOutage} of ${probesDuringOutage} times during the outage`,
  );
}

async function get(gateway: GatewayProcess, token: string, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(gateway.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
