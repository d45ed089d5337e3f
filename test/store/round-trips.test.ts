import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { SIMULATORS } from '../../adapters/simulators';
import type { SyntheticCitizen } from '../../gateway/sandbox/synthetic-citizens';
import { OwnRedis, redisServerInstalled } from '../support/redis';
import { RoundTripProxy } from '../support/redis-round-trips';
import { SandboxFixture } from '../support/sandbox-fixture';
import { waitFor } from '../support/wait-for';

const SINGLE = '/v1/sources/{instance}/declarations';

/** Nguyễn Văn Phúc, of the test's own (serial far above the seeded ones), on the platforms given. */
function phuc(serial: number, platforms: SyntheticCitizen['platforms']): SyntheticCitizen {
  return {
    serial,
    fullName: 'Nguyễn Văn Phúc',
    asciiName: 'NGUYEN VAN PHUC',
    sex: 'male',
    birthDate: '1979-03-02',
    provinceCode: '01',
    cccd: `001079${String(800000 + serial)}`,
    phone: `+849${String(70000000 + serial)}`,
    bluezoneId: `BZR${serial}Q`,
    zaloUserId: `84${String(8000000000000000 + serial).padStart(17, '0')}`,
    riskLevel: 'NONE',
    symptoms: [],
    platforms,
  };
}

/**
 * Issue 12's budget of Redis round trips, counted on the wire: the gateway talks to Redis through a
 * proxy that counts how often it sent and then waited for an answer (test/support/redis-round-trips.ts),
 * and MONITOR lists the commands of each step (for the printed breakdown: what the count is made of).
 * Counted on one Redis node without REDIS_WAIT_REPLICAS: each WAIT, when configured, is one more.
 */
describe('Redis round trips of a declaration and a scan (issue 12)', function () {
  this.timeout(60000);
  let redis: OwnRedis;
  let proxy: RoundTripProxy;
  let f: SandboxFixture;
  let monitor: ReturnType<typeof createClient>;
  let marker: ReturnType<typeof createClient>;
  const seen: string[] = [];
  let marks = 0;

  before(async function () {
    redisServerInstalled(this);
    redis = await OwnRedis.start();
    proxy = await RoundTripProxy.start(redis.port);
    monitor = createClient({ url: redis.url });
    marker = createClient({ url: redis.url });
    await Promise.all([monitor.connect(), marker.connect()]);
    await monitor.monitor((line) => seen.push(line));
    f = await SandboxFixture.start({ env: { REDIS_URL: proxy.url }, citizens: 4 });
  });
  after(async () => {
    await f?.stop();
    monitor?.destroy();
    marker?.destroy();
    await proxy?.stop();
    await redis?.stop();
  });

  /** The gateway's commands (never the marker's) MONITOR saw since the last call; a marker read back bounds them. */
  const commandsSoFar = async (): Promise<string[]> => {
    const mark = `round-trips-mark-${(marks += 1)}`;
    await marker.echo(mark);
    await waitFor(() => seen.some((line) => line.includes(mark)), 5000, 'MONITOR to show the marker');
    const lines = seen.splice(0, seen.findIndex((line) => line.includes(mark)) + 1);
    return lines.filter((line) => !line.includes('round-trips-mark-') && !/"(ECHO|PING)"/i.test(line)).map(shortened);
  };

  /** Round trips and commands of one step; printed so that the figures are read from the test's output. */
  const measure = async (label: string, step: () => Promise<number | void>): Promise<number> => {
    await commandsSoFar();
    const start = proxy.count;
    const end = (await step()) ?? proxy.count;
    const commands = await commandsSoFar();
    const trips = end - start;
    const own = commands.filter((c) => !c.startsWith('lua')).length;
    process.stdout.write(
      `      ${label}: ${trips} round trip(s), ${own} command(s) sent, ${commands.length - own} run inside scripts\n` +
        commands.map((c) => `        ${c}\n`).join(''),
    );
    return trips;
  };

  const ingest = (instance: string, record: unknown) =>
    f.gw.call('POST', `/v1/sources/${instance}/declarations`, { body: record, route: SINGLE });

  it("takes at most two round trips to store a new person's first declaration, and one to answer it again", async () => {
    const record = SIMULATORS.tokhaiyte.recordFor(phuc(9101, ['tokhaiyte']), f.simulator('tokhaiyte').instance, new Date());
    let created: any;
    const newPerson = await measure('a new person', async () => {
      created = await ingest('tokhaiyte', record);
    });
    assert.equal(created.status, 201);
    assert.match(created.body.citizen.citizenId, /^cit_/);

    let replayed: any;
    const replay = await measure('a replay of the stored record', async () => {
      replayed = await ingest('tokhaiyte', record);
    });
    assert.equal(replayed.status, 200);
    assert.deepEqual(replayed.body.citizen, created.body.citizen);

    // On one Redis node: the join's reads with the replay check (one script reads the source id's
    // pointer, the declaration and its citizen's QR), then one script claims and writes everything.
    // On a cluster, where those keys lie in several slots, a new person takes 4 and a replay 2 (README).
    assert.ok(newPerson <= 2, `a new person took ${newPerson} round trips`);
    assert.ok(replay <= 1, `a replay took ${replay} round trips`);
  });

  it("takes at most two round trips before a unified QR scan asks the citizen's platforms", async () => {
    const declare = async (who: SyntheticCitizen): Promise<string> => {
      let qr = '';
      for (const instance of who.platforms) {
        const record = SIMULATORS[instance as 'tokhaiyte'].recordFor(who, f.simulator(instance).instance, new Date());
        await f.addRecords(instance, record);
        qr = (await ingest(instance, record)).body.citizen.qr;
      }
      return qr;
    };
    // Counted in the steady state: a first scan loads the scripts into Redis (each first EVALSHA after
    // Redis starts is answered NOSCRIPT and sent again) and fills the active notices' short cache.
    assert.equal((await f.scan(await declare(phuc(9103, ['tokhaiyte'])))).status, 200);
    const qr = await declare(phuc(9102, ['tokhaiyte', 'ncovi', 'bluezone']));
    // The fan-out begins with the router's first platform lookup: the count is taken there.
    const router = f.gw.gateway.router;
    const lookup = router.latest;
    let atFanOut: number | undefined;
    let asked = 0;
    router.latest = (...args) => {
      atFanOut ??= proxy.count;
      asked += 1;
      return lookup.apply(router, args);
    };
    let scan: any;
    try {
      const trips = await measure('a unified QR scan (round trips up to its fan-out; commands to its answer)', async () => {
        scan = await f.scan(qr);
        return atFanOut;
      });
      assert.equal(scan.status, 200);
      assert.match(scan.body.citizenId, /^cit_/);
      assert.equal(asked, 3, 'the citizen is held by three platforms, each asked');
      assert.ok(trips <= 2, `the scan took ${trips} round trips before asking the platforms`);
    } finally {
      router.latest = lookup;
    }
  });
});

/** A MONITOR line without its time and client address, key names and values cut short. */
function shortened(line: string): string {
  const [, source = '', command = ''] = /^\S+ \[\d+ ([^\]]+)\] (.*)$/.exec(line) ?? [];
  const words = (command.match(/"(?:[^"\\]|\\.)*"/g) ?? []).map((w) => (w.length > 40 ? `${w.slice(0, 36)}…"` : w));
  return `${source === 'lua' ? 'lua ' : ''}${words.slice(0, 6).join(' ')}${words.length > 6 ? ' …' : ''}`;
}
