import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AdapterInstance, AdapterRegistry, type InstanceConfig, type LookupClient, type LookupSubject } from '../../adapters';
import { tokhaiyte } from '../../adapters/tokhaiyte/tokhaiyte-adapter';
import { zalo } from '../../adapters/zalo/zalo-adapter';
import { Retention } from '../../gateway/domain/retention';
import { GatewayEvents, type GatewayEventMap } from '../../gateway/operations/gateway-events';
import { GatewayMetrics } from '../../gateway/operations/metrics';
import { AdapterRouter, type SourceReport } from '../../gateway/routing/adapter-router';
import { Deadline } from '../../gateway/routing/deadline';
import { MemoryPlatformBudgets } from '../../gateway/routing/platform-budget';
import type { LastGoodAnswer, LastGoodAnswers } from '../../gateway/store/last-good-answers';

/** Anh Nguyễn Văn An's declaration of 15 August 2021 at 07:45, as tokhaiyte answers it (platforms.md's example). */
const NATIVE = JSON.parse(readFileSync('contracts/platforms/tokhaiyte/accepted/01-platforms-md-example.json', 'utf8')).native;
const DECLARED_AT = Date.parse('2021-08-15T07:45:00+07:00');
/** The checkpoint's clock: a quarter of an hour after he declared. */
const T0 = Date.parse('2021-08-15T08:00:00+07:00');
const SUBJECT: LookupSubject = { documents: [{ system: 'vn-cccd', value: '079085001234' }], phones: [], platformIds: [], scopes: [] };

/** The platform's answers, counted; `native` is what it answers now (null: not found). */
class CountingPlatform implements LookupClient {
  calls = 0;
  native: unknown = NATIVE;
  /** Whether its lookup can ask by the subject at all (a Zalo user with an account seen). */
  askable = true;
  canAsk() {
    return this.askable;
  }
  async byRecord(): Promise<never> {
    throw new Error('not asked by record here');
  }
  async latest() {
    this.calls += 1;
    return this.native === null ? { found: false as const } : { found: true as const, native: this.native };
  }
}

/** A shared last-good copy that counts its writes and reads. */
class CountingLastGood implements LastGoodAnswers {
  puts = 0;
  gets = 0;
  readonly answers = new Map<string, LastGoodAnswer>();
  async put(instance: string, subject: string, answer: LastGoodAnswer) {
    this.puts += 1;
    this.answers.set(`${instance}\n${subject}`, answer);
  }
  async get(instance: string, subject: string) {
    this.gets += 1;
    return this.answers.get(`${instance}\n${subject}`);
  }
}

/** A router over one tokhaiyte instance with the clock in the test's hands. */
function shielded(options: { instance?: Partial<InstanceConfig>; freshnessSeconds?: number; retentionDays?: number } = {}) {
  const platform = new CountingPlatform();
  const lastGood = new CountingLastGood();
  const clock = { now: T0 };
  const events = new GatewayEvents();
  const metrics = new GatewayMetrics(events, ['tokhaiyte']);
  const spared: GatewayEventMap['shielded'][0][] = [];
  events.on('shielded', (e) => spared.push(e));
  const instance = new AdapterInstance(
    { name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'http://tkyt.test', ...options.instance },
    { ...tokhaiyte, createClient: () => platform },
  );
  const router = new AdapterRouter(new AdapterRegistry([instance]), lastGood, events, () => clock.now, {
    freshnessSeconds: options.freshnessSeconds ?? 30,
    budgets: new MemoryPlatformBudgets(),
    retention: new Retention(options.retentionDays ?? 3650),
  });
  const scan = (citizenId = 'cit_an0000000000000000', at = clock.now): Promise<SourceReport> => {
    clock.now = at;
    return router.latest('tokhaiyte', SUBJECT, citizenId, new Deadline(800));
  };
  return { platform, lastGood, clock, router, scan, spared, metrics };
}

describe('shielding a platform: the freshness window', () => {
  it('answers a scan within the window from the last answer without calling, says fresh-cache with its age, and calls again once it has passed', async () => {
    const { platform, scan, router, metrics } = shielded();
    const first = await scan(undefined, T0);
    assert.equal(first.outcome, 'answered');
    const again = await scan(undefined, T0 + 12_000);
    assert.equal(platform.calls, 1);
    assert.deepEqual(
      { outcome: again.outcome, stale: again.stale, ageSeconds: again.ageSeconds, declarationId: again.declaration?.declarationId },
      { outcome: 'fresh-cache', stale: false, ageSeconds: 12, declarationId: first.declaration?.declarationId },
    );
    assert.equal((await scan(undefined, T0 + 30_000)).outcome, 'answered');
    assert.equal(platform.calls, 2);
    assert.match(await metrics.render(), /^vnhc_adapter_fresh_cache_total\{instance="tokhaiyte"\} 1$/m);
    await router.shutdown();
  });

  it("keeps a platform's not-found for the window too: a fresh no-record, never a stale or unreachable one", async () => {
    const { platform, scan, router } = shielded();
    platform.native = null;
    assert.equal((await scan(undefined, T0)).outcome, 'not-found');
    const again = await scan(undefined, T0 + 5000);
    assert.deepEqual([again.outcome, again.declaration, platform.calls], ['fresh-cache', undefined, 1]);
    await router.shutdown();
  });

  it('calls at every scan for an instance whose own freshnessSeconds is 0, whatever VERIFY_FRESHNESS_SECONDS says', async () => {
    const { platform, scan, router } = shielded({ instance: { freshnessSeconds: 0 }, freshnessSeconds: 30 });
    for (const at of [T0, T0 + 1000, T0 + 2000]) assert.equal((await scan(undefined, at)).outcome, 'answered');
    assert.equal(platform.calls, 3);
    await router.shutdown();
  });

  it('keeps each citizen apart: another citizen within the window is asked', async () => {
    const { platform, scan, router } = shielded();
    await scan('cit_an0000000000000000', T0);
    await scan('cit_binh00000000000000', T0 + 1000);
    assert.equal(platform.calls, 2);
    await router.shutdown();
  });

  it('never serves from the window an answer whose declaration has gone past DECLARATION_RETENTION_DAYS', async () => {
    const retentionDays = 14;
    const retentionEnd = DECLARED_AT + retentionDays * 86_400_000;
    const { platform, scan, router } = shielded({ retentionDays });
    await scan(undefined, retentionEnd - 10_000);
    // Within the 30 s window, but 5 s past the declaration's retention: the platform is asked again.
    await scan(undefined, retentionEnd + 5000);
    assert.equal(platform.calls, 2);
    await router.shutdown();
  });
});

describe('shielding a platform: an operator holding its breaker open', () => {
  it('is said at every scan, within the window too: breaker-open, the answer held served stale with its age, never fresh-cache', async () => {
    const { platform, scan, router } = shielded();
    const first = await scan(undefined, T0);
    router.guards()[0]!.apply('open');
    const held = await scan(undefined, T0 + 5000);
    assert.deepEqual(
      { outcome: held.outcome, detail: held.detail, stale: held.stale, ageSeconds: held.ageSeconds, id: held.declaration?.declarationId },
      { outcome: 'breaker-open', detail: 'held-open', stale: true, ageSeconds: 5, id: first.declaration?.declarationId },
    );
    assert.equal(platform.calls, 1);
    router.guards()[0]!.apply('close');
    assert.equal((await scan(undefined, T0 + 6000)).outcome, 'fresh-cache');
    await router.shutdown();
  });

  it('serves the answer held within the window without reading the shared copy: 100 scans, no Redis read; past the window it is read', async () => {
    const { platform, lastGood, scan, router } = shielded();
    const first = await scan(undefined, T0);
    router.guards()[0]!.apply('open');
    for (let i = 1; i <= 100; i += 1) {
      const held = await scan(undefined, T0 + i * 200);
      assert.deepEqual(
        [held.outcome, held.stale, held.declaration?.declarationId],
        ['breaker-open', true, first.declaration?.declarationId],
      );
    }
    assert.deepEqual([platform.calls, lastGood.gets], [1, 0]);
    // Past the window another process's newer answer may be in the shared copy (acc75f2): it is read.
    const past = await scan(undefined, T0 + 31_000);
    assert.deepEqual([past.outcome, past.ageSeconds, lastGood.gets], ['breaker-open', 31, 1]);
    await router.shutdown();
  });

  it("takes nothing from the instance's rate budget while held open: nothing is sent", async () => {
    const { platform, scan, router } = shielded({ instance: { rateBudgetPerSecond: 1 } });
    router.guards()[0]!.apply('open');
    assert.equal((await scan('cit_binh00000000000000', T0 + 100)).outcome, 'breaker-open');
    router.guards()[0]!.apply('close');
    assert.equal((await scan('cit_binh00000000000000', T0 + 200)).outcome, 'answered');
    assert.equal(platform.calls, 1);
    await router.shutdown();
  });

  it("takes nothing from the budget, which every process shares, while the instance's breaker is open: nothing is sent", async () => {
    const { platform, scan, router } = shielded({ instance: { rateBudgetPerSecond: 1 } });
    // opossum's own breaker, opened as failures open it (not an operator's hold).
    const breaker = (router.guards()[0] as unknown as { current: { open(): void; close(): void } }).current;
    breaker.open();
    assert.equal((await scan('cit_binh00000000000000', T0 + 100)).outcome, 'breaker-open');
    breaker.close();
    assert.equal((await scan('cit_binh00000000000000', T0 + 200)).outcome, 'answered', 'the second still had its budget');
    assert.equal(platform.calls, 1);
    await router.shutdown();
  });
});

describe('a subject a platform cannot be asked by', () => {
  it('sends nothing and takes nothing from the budget: the source did not answer (not-asked), never not-found, its last answer served stale', async () => {
    const { platform, scan, router } = shielded({ instance: { rateBudgetPerSecond: 1 } });
    assert.equal((await scan('cit_binh00000000000000', T0)).outcome, 'answered');
    platform.askable = false;
    const notAsked = await scan('cit_binh00000000000000', T0 + 31_000);
    assert.deepEqual([notAsked.outcome, notAsked.detail, notAsked.stale], ['error', 'not-asked', true]);
    platform.askable = true;
    assert.equal((await scan('cit_binh00000000000000', T0 + 31_100)).outcome, 'answered', 'the budget of that second was not spent');
    assert.equal(platform.calls, 2);
    await router.shutdown();
  });
});

describe('shielding a platform: the shared last-good copy', () => {
  it('is written when the platform says something new, not after every answer that says the same again (window off)', async () => {
    const { platform, lastGood, scan, router } = shielded({ freshnessSeconds: 0 });
    for (const at of [T0, T0 + 1000, T0 + 2000]) await scan(undefined, at);
    assert.deepEqual([platform.calls, lastGood.puts], [3, 1]);
    platform.native = { ...NATIVE, trieu_chung_14_ngay: { ...NATIVE.trieu_chung_14_ngay, ho: false } };
    await scan(undefined, T0 + 3000);
    assert.equal(lastGood.puts, 2, 'a new answer (the cough gone) is written');
    await scan(undefined, T0 + 63_000);
    assert.equal(lastGood.puts, 3, 'the same answer a minute later is written again, so its age stays honest');
    await router.shutdown();
  });
});

describe('shielding a platform: the rate budget', () => {
  it('past the budget calls nothing, serves the answer it holds stale (budget-exhausted), and says nothing of a citizen it holds nothing for', async () => {
    const { platform, scan, router, spared, metrics } = shielded({ instance: { rateBudgetPerSecond: 1 }, freshnessSeconds: 0 });
    assert.equal((await scan('cit_an0000000000000000', T0)).outcome, 'answered');
    const held = await scan('cit_an0000000000000000', T0 + 400);
    assert.deepEqual(
      { outcome: held.outcome, stale: held.stale, ageSeconds: held.ageSeconds, has: Boolean(held.declaration) },
      { outcome: 'budget-exhausted', stale: true, ageSeconds: 0, has: true },
    );
    const nothing = await scan('cit_binh00000000000000', T0 + 500);
    assert.deepEqual([nothing.outcome, nothing.stale, nothing.declaration], ['budget-exhausted', false, undefined]);
    assert.equal(platform.calls, 1);
    // The next second has its own budget.
    assert.equal((await scan('cit_binh00000000000000', T0 + 1000)).outcome, 'answered');
    assert.equal(platform.calls, 2);
    assert.equal(spared.filter((s) => s.how === 'budget-refused').length, 2);
    assert.match(await metrics.render(), /^vnhc_adapter_budget_refusals_total\{instance="tokhaiyte"\} 2$/m);
    await router.shutdown();
  });

  it("counts Zalo's own limit (50 a second per key) when its instance sets none, and none for a platform that states none", () => {
    assert.equal(new AdapterInstance({ name: 'zalo', platform: 'zalo' }, zalo).rateBudgetPerSecond, 50);
    assert.equal(new AdapterInstance({ name: 'zalo', platform: 'zalo', rateBudgetPerSecond: 20 }, zalo).rateBudgetPerSecond, 20);
    assert.equal(new AdapterInstance({ name: 'tokhaiyte', platform: 'tokhaiyte' }, tokhaiyte).rateBudgetPerSecond, undefined);
  });
});
