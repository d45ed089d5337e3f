import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { SIMULATORS } from '../../adapters/simulators';
import type { SyntheticCitizen } from '../../gateway/sandbox/synthetic-citizens';
import { SCRIPTS } from '../../gateway/store/redis-scripts';
import { OwnRedis, OwnRedisCluster, redisServerInstalled } from '../support/redis';
import { MonitoredCommands } from '../support/redis-monitor';
import { RoundTripCounter, RoundTripProxy } from '../support/redis-round-trips';
import { SandboxFixture } from '../support/sandbox-fixture';
import { waitFor } from '../support/wait-for';
import { act, activeNotice, declareDuc, ISSUER, issue, noticeOf, registerPari, scan, stay } from '../notices/notice-story';

const HOUR = 3_600_000;

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

/** Where the gateway's Redis traffic is counted, and what each story may take there. */
interface Topology {
  /** The gateway's environment (Redis through the counting proxies) and the count so far. */
  env: NodeJS.ProcessEnv;
  count(): number;
  /** The commands the gateway sent since the last call, when they can be listed (MONITOR on one node). */
  commandsSoFar?(): Promise<string[]>;
  stop(): Promise<void>;
  /** Round trips, at most (beforeFanOut) or exactly (a scan under a notice, of a citizen without and with stays under it). */
  budgets: { newPerson: number; replay: number; beforeFanOut: number; scanNoStays: number; scanWithStays: number };
}

/** One Redis node: MONITOR lists the commands too (test/support/redis-monitor.ts). */
async function singleNode(): Promise<Topology> {
  const redis = await OwnRedis.start();
  const proxy = await RoundTripProxy.start(redis.port);
  const monitor = await MonitoredCommands.start(redis.url);
  return {
    env: { REDIS_URL: proxy.url },
    count: () => proxy.count,
    async commandsSoFar() {
      return (await monitor.commandsSoFar()).map((command) => shortened(command.line));
    },
    async stop() {
      await monitor.stop();
      await proxy.stop();
      await redis.stop();
    },
    budgets: { newPerson: 2, replay: 1, beforeFanOut: 1, scanNoStays: 1, scanWithStays: 1 },
  };
}

/**
 * Three primaries, each behind a proxy it announces as its address (cluster-announce-port), so the
 * client reaches every node through the proxies; one counter across them counts the request's
 * sequential waits (commands sent to several nodes at once are one).
 */
async function cluster(): Promise<Topology> {
  const nodes = await OwnRedisCluster.start();
  const counter = new RoundTripCounter();
  const proxies = await Promise.all(nodes.nodes.map((node) => RoundTripProxy.start(node.port, counter)));
  const announced = () =>
    nodes.nodes.every((node) => {
      const slots = spawnSync('redis-cli', ['-p', String(node.port), 'cluster', 'slots'], { encoding: 'utf8' }).stdout;
      return proxies.every((proxy) => slots.includes(String(proxy.port))) && !nodes.nodes.some((n) => slots.includes(`\n${n.port}\n`));
    });
  nodes.nodes.forEach((node, i) =>
    spawnSync('redis-cli', ['-p', String(node.port), 'config', 'set', 'cluster-announce-port', String(proxies[i]!.port)]),
  );
  await waitFor(announced, 10000, 'every node to announce its proxy');
  // The steady state: each node holds the scripts. Scripts are a node's own, so a warm-up scan
  // loads them only on its citizen's node, and a counted scan on another would pay NOSCRIPT once.
  for (const node of nodes.nodes)
    for (const { SCRIPT, SHA1 } of Object.values(SCRIPTS)) {
      const loaded = spawnSync('redis-cli', ['-p', String(node.port), 'script', 'load', String(SCRIPT)], { encoding: 'utf8' });
      assert.equal(loaded.stdout.trim(), SHA1, `SCRIPT LOAD on ${node.port}: ${loaded.stdout}${loaded.stderr}`);
    }
  return {
    env: { REDIS_CLUSTER_NODES: proxies.map((proxy) => proxy.url).join(',') },
    count: () => counter.count,
    async stop() {
      await Promise.all(proxies.map((proxy) => proxy.stop()));
      await nodes.stop();
    },
    // Keys of several slots cannot share a script there: the claims, the source id and the citizen are
    // steps; and a scan reads the citizen's declarations by name after the script lists them
    // (redis-scripts.ts, citizenForScan: a reshard could otherwise hide one without an error).
    budgets: { newPerson: 4, replay: 2, beforeFanOut: 2, scanNoStays: 2, scanWithStays: 2 },
  };
}

/**
 * Issue 12's budget of Redis round trips, counted on the wire: the gateway talks to Redis through
 * proxies that count how often it sent and then waited for an answer (test/support/redis-round-trips.ts),
 * and on one node MONITOR lists the commands of each step (printed: what the count is made of).
 * Counted without REDIS_WAIT_REPLICAS: configured, each write step waits once more (a WAIT).
 */
for (const [name, start] of [
  ['one Redis node', singleNode],
  ['a Redis Cluster of three primaries', cluster],
] as const) {
  describe(`Redis round trips of a declaration and a scan, on ${name} (issue 12)`, function () {
    this.timeout(60000);
    let redis: Topology;
    let f: SandboxFixture;

    before(async function () {
      redisServerInstalled(this);
      redis = await start();
      f = await SandboxFixture.start({ env: redis.env, citizens: 4 });
    });
    after(async () => {
      await f?.stop();
      await redis?.stop();
    });

    /** Round trips (and commands, where listed) of one step; printed so that the figures are read from the test's output. */
    const measure = async (label: string, step: () => Promise<number | void>): Promise<number> => {
      await redis.commandsSoFar?.();
      const start = redis.count();
      const end = (await step()) ?? redis.count();
      const trips = end - start;
      const commands = (await redis.commandsSoFar?.()) ?? [];
      const own = commands.filter((c) => !c.startsWith('lua')).length;
      process.stdout.write(
        `      ${label}: ${trips} round trip(s)` +
          (redis.commandsSoFar ? `, ${own} command(s) sent, ${commands.length - own} run inside scripts\n` : '\n') +
          commands.map((c) => `        ${c}\n`).join(''),
      );
      return trips;
    };

    const ingest = (instance: string, record: unknown) =>
      f.gw.call('POST', `/v1/sources/${instance}/declarations`, { body: record, route: SINGLE });

    it("stores a new person's first declaration and answers it again within the round trips budgeted", async () => {
      // The fewest of three people: the gateway's own background work (the fleet heartbeat, probes,
      // readiness) may talk to Redis during one measurement and add to it; nothing makes one fewer.
      const newPersonTrips: number[] = [];
      const replayTrips: number[] = [];
      for (const n of [9111, 9112, 9113]) {
        const record = SIMULATORS.tokhaiyte.recordFor(phuc(n, ['tokhaiyte']), f.simulator('tokhaiyte').instance, new Date());
        let created: any;
        newPersonTrips.push(
          await measure('a new person', async () => {
            created = await ingest('tokhaiyte', record);
          }),
        );
        assert.equal(created.status, 201);
        assert.match(created.body.citizen.citizenId, /^cit_/);

        let replayed: any;
        replayTrips.push(
          await measure('a replay of the stored record', async () => {
            replayed = await ingest('tokhaiyte', record);
          }),
        );
        assert.equal(replayed.status, 200);
        assert.deepEqual(replayed.body.citizen, created.body.citizen);
      }
      const newPerson = Math.min(...newPersonTrips);
      const replay = Math.min(...replayTrips);

      // On one node: the join's reads with the replay check (one script reads the source id's
      // pointer, the declaration and its citizen's QR), then one script claims and writes everything.
      // On a cluster those keys lie in several slots: the new citizen's key is claimed alone, then
      // the other keys and the source id, then the citizen; a replay reads the pointer, then its citizen.
      assert.ok(newPerson <= redis.budgets.newPerson, `a new person took ${newPerson} round trips`);
      assert.ok(replay <= redis.budgets.replay, `a replay took ${replay} round trips`);
    });

    it("reads Redis within the round trips budgeted before a unified QR scan asks the citizen's platforms", async () => {
      const declare = async (who: SyntheticCitizen): Promise<string> => {
        let qr = '';
        for (const instance of who.platforms) {
          const record = SIMULATORS[instance as 'tokhaiyte'].recordFor(who, f.simulator(instance).instance, new Date());
          await f.addRecords(instance, record);
          // The first platform's record names the person, and its answer hands out the QR (a Bluezone one names nobody).
          const { citizen } = (await ingest(instance, record)).body;
          qr ||= citizen.qr;
        }
        return qr;
      };
      // Counted in the steady state: a first scan loads the scripts into Redis (each first EVALSHA after
      // Redis starts is answered NOSCRIPT and sent again) and fills the active notices' short cache.
      assert.equal((await f.scan(await declare(phuc(9103, ['tokhaiyte'])))).status, 200);
      const qr = await declare(phuc(9102, ['tokhaiyte', 'ncovi', 'bluezone']));
      const another = await declare(phuc(9104, ['tokhaiyte', 'ncovi']));
      // The fan-out begins with the router's first platform lookup: the count is taken there.
      const router = f.gw.gateway.router;
      const lookup = router.latest;
      let atFanOut: number | undefined;
      let asked = 0;
      router.latest = (...args) => {
        atFanOut ??= redis.count();
        asked += 1;
        return lookup.apply(router, args);
      };
      const countedScan = async (label: string, code: string, platforms: number) => {
        atFanOut = undefined;
        asked = 0;
        let scanned: any;
        const trips = await measure(label, async () => {
          scanned = await f.scan(code);
          return atFanOut;
        });
        assert.equal(scanned.status, 200);
        assert.match(scanned.body.citizenId, /^cit_/);
        assert.equal(asked, platforms, `the citizen is held by ${platforms} platforms, each asked`);
        assert.ok(trips <= redis.budgets.beforeFanOut, `${label} took ${trips} round trips before asking the platforms`);
      };
      try {
        await countedScan('a unified QR scan (round trips up to its fan-out; commands to its answer)', qr, 3);
        // A notice issued and withdrawn here: this process reads the notices in force again at its
        // next scan, and sends that read with the citizen's, not after it.
        const pari = await registerPari(f.gw);
        const issued = await issue(f.gw, noticeOf(pari.venueId, new Date(Date.now() - 6 * HOUR), new Date(Date.now() - 3 * HOUR)));
        assert.equal((await act(f.gw, issued.body.noticeId, 'withdraw', ISSUER)).status, 200);
        await countedScan("a unified QR scan when the process's short cache of the notices in force is due", another, 2);
      } finally {
        router.latest = lookup;
      }
    });

    it('reads a scanned citizen and the index of their stays in one wait of Redis when an exposure notice is in force', async () => {
      const now = new Date();
      const pari = await registerPari(f.gw);
      const duc = await declareDuc(f.gw, now);
      // Phúc, another person, never checked in anywhere (his record not on the platform: no last-good write).
      const record = SIMULATORS.tokhaiyte.recordFor(phuc(9121, ['tokhaiyte']), f.simulator('tokhaiyte').instance, now);
      const unvisited = (await ingest('tokhaiyte', record)).body.citizen.qr as string;
      await stay(f.gw, pari.venueId, duc.qr, new Date(now.getTime() - 5 * HOUR), new Date(now.getTime() - 4 * HOUR));
      await activeNotice(f.gw, noticeOf(pari.venueId, new Date(now.getTime() - 6 * HOUR), new Date(now.getTime() - 3 * HOUR)));
      // The first scan fills the active notices' short cache; the later ones are counted.
      assert.equal((await scan(f.gw, duc.qr)).body.status, 'red');

      // The fewest of three scans each: the gateway's own background work (the fleet heartbeat,
      // probes, the active notices' cache when due) may talk to Redis during one and add to it, and
      // a code's first scan, which verifies its signature, reads the stays only after the citizen.
      let answer: any;
      const fewest = async (label: string, qr: string): Promise<number> => {
        const trips: number[] = [];
        for (let i = 0; i < 3; i++)
          trips.push(
            await measure(label, async () => {
              answer = await scan(f.gw, qr);
            }),
          );
        return Math.min(...trips);
      };
      const nowhere = await fewest('a scan of a citizen with no stay, a notice in force', unvisited);
      assert.equal(answer.body.status, 'green');
      // The citizen (one script) and their stays' index, sent together: one wait on one node, where it
      // was two; on a cluster the citizen's declarations are then read by name, the stays' index with
      // the citizen still: two, not three.
      assert.equal(
        nowhere,
        redis.budgets.scanNoStays,
        `the scan took ${nowhere} round trips: the citizen and the stays' index were read in turn`,
      );

      const visited = await fewest('a scan of a citizen with a stay under the notice', duc.qr);
      assert.equal(answer.body.status, 'red');
      assert.ok(
        answer.body.reasons.some((r: { code: string }) => r.code === 'venue-exposure'),
        'the stays were read and weighed',
      );
      // The citizen with the stays' index, then (on a cluster) the stays; the venue's chain is kept
      // from the first scan: one wait on one node (the index and the stays in one script), two on a
      // cluster, where it was four.
      assert.equal(visited, redis.budgets.scanWithStays, `the scan took ${visited} round trips`);

      // A forged code of the same citizen reads none of their stays (MONITOR, on one node): read
      // with the citizen, before the signature is judged, their number would show in its time.
      if (redis.commandsSoFar) {
        const forged = duc.qr.slice(0, -4) + (duc.qr.endsWith('AAAA') ? 'BBBB' : 'AAAA');
        await redis.commandsSoFar();
        assert.equal((await scan(f.gw, forged)).body.status, 'invalid');
        const sent = await redis.commandsSoFar();
        assert.ok(sent.length > 0 && !sent.some((c) => c.includes(':cst:')), `a forged code read the stays:\n${sent.join('\n')}`);
      }
    });
  });
}

/** A MONITOR line without its time and client address, key names and values cut short. */
function shortened(line: string): string {
  const [, source = '', command = ''] = /^\S+ \[\d+ ([^\]]+)\] (.*)$/.exec(line) ?? [];
  const words = (command.match(/"(?:[^"\\]|\\.)*"/g) ?? []).map((w) => (w.length > 40 ? `${w.slice(0, 36)}…"` : w));
  return `${source === 'lua' ? 'lua ' : ''}${words.slice(0, 6).join(' ')}${words.length > 6 ? ' …' : ''}`;
}
