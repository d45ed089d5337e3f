import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  AdapterInstance,
  AdapterRegistry,
  UpstreamError,
  type InstanceConfig,
  type LookupClient,
  type LookupSubject,
} from '../../adapters';
import { tokhaiyte } from '../../adapters/tokhaiyte/tokhaiyte-adapter';
import { Retention } from '../../gateway/domain/retention';
import { AdapterRouter } from '../../gateway/routing/adapter-router';
import { Deadline } from '../../gateway/routing/deadline';
import { MemoryPlatformBudgets } from '../../gateway/routing/platform-budget';
import type { LastGoodAnswer, LastGoodAnswers } from '../../gateway/store/last-good-answers';

const EARLIER = JSON.parse(readFileSync('contracts/platforms/tokhaiyte/accepted/01-platforms-md-example.json', 'utf8')).native;
/** The same person's later declaration on the same platform (another declaration code). */
const LATER = { ...EARLIER, ma_to_khai: 'TK21081500099999' };
const T0 = Date.parse('2021-08-15T08:00:00+07:00');
const SUBJECT: LookupSubject = { documents: [{ system: 'vn-cccd', value: '079085001234' }], phones: [], platformIds: [], scopes: [] };

/** What the Tờ khai y tế platform answers now: a record, or an outage. */
const platform = { answer: EARLIER as unknown, down: false };
const shared = new Map<string, LastGoodAnswer>();
const lastGood = {
  put: async (instance: string, subject: string, answer: LastGoodAnswer) => void shared.set(`${instance}\n${subject}`, answer),
  get: async (instance: string, subject: string) => shared.get(`${instance}\n${subject}`),
} as unknown as LastGoodAnswers;
const clock = { now: T0 };

/** One gateway process's router: its own held answers, the shared last-good copies. */
function gatewayProcess(): AdapterRouter {
  const client = {
    byRecord: async () => {
      throw new Error('not asked here');
    },
    latest: async () => {
      if (platform.down) throw new UpstreamError('server-error', 'the platform answered 503', 503);
      return { found: true as const, native: platform.answer };
    },
  } as unknown as LookupClient;
  const instance = new AdapterInstance({ name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'http://tokhaiyte.test' } as InstanceConfig, {
    ...tokhaiyte,
    createClient: () => client,
  });
  return new AdapterRouter(new AdapterRegistry([instance]), lastGood, undefined, () => clock.now, {
    freshnessSeconds: 0,
    budgets: new MemoryPlatformBudgets(),
    retention: new Retention(3650),
  });
}

describe('a platform that cannot be asked, answered from its last answer', () => {
  it("serves the newest answer any process heard, not this process's older copy (an older answer may be green where the newer is red)", async () => {
    const a = gatewayProcess();
    const b = gatewayProcess();
    try {
      const earlier = await a.latest('tokhaiyte', SUBJECT, 'cit_x', new Deadline(800));
      platform.answer = LATER;
      clock.now = T0 + 20_000;
      const later = await b.latest('tokhaiyte', SUBJECT, 'cit_x', new Deadline(800));
      assert.notEqual(later.declaration?.declarationId, earlier.declaration?.declarationId);

      platform.down = true;
      clock.now = T0 + 40_000;
      const stale = await a.latest('tokhaiyte', SUBJECT, 'cit_x', new Deadline(800));
      assert.equal(stale.stale, true);
      assert.equal(stale.declaration?.declarationId, later.declaration?.declarationId);
      assert.equal(stale.ageSeconds, 20);
    } finally {
      await a.shutdown();
      await b.shutdown();
    }
  });
});

describe('a retry after a platform failure', () => {
  it("takes from the instance's rate budget like any call: with 1 a second, the failed call's retry is not sent", async () => {
    let calls = 0;
    const client = {
      byRecord: async () => {
        throw new Error('not asked here');
      },
      latest: async () => {
        calls += 1;
        if (calls === 1) throw new UpstreamError('server-error', 'the platform answered 503', 503);
        return { found: true as const, native: EARLIER };
      },
    } as unknown as LookupClient;
    const config = { name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'http://tokhaiyte.test', rateBudgetPerSecond: 1 } as InstanceConfig;
    const instance = new AdapterInstance(config, { ...tokhaiyte, createClient: () => client });
    const router = new AdapterRouter(new AdapterRegistry([instance]), lastGood, undefined, () => T0, {
      freshnessSeconds: 0,
      budgets: new MemoryPlatformBudgets(),
      retention: new Retention(3650),
    });
    try {
      const report = await router.latest('tokhaiyte', SUBJECT, 'cit_retry', new Deadline(3000));
      assert.equal(calls, 1, 'one call in the second: the budget');
      assert.notEqual(report.outcome, 'answered');
    } finally {
      await router.shutdown();
    }
  });
});
