import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AdapterInstance, AdapterRegistry, type LookupClient, type LookupSubject } from '../../adapters';
import { tokhaiyte } from '../../adapters/tokhaiyte/tokhaiyte-adapter';
import { Retention } from '../../gateway/domain/retention';
import { formatIct } from '../../gateway/normalize/dates';
import { GatewayEvents } from '../../gateway/operations/gateway-events';
import { AdapterRouter } from '../../gateway/routing/adapter-router';
import { Deadline } from '../../gateway/routing/deadline';
import { MemoryPlatformBudgets } from '../../gateway/routing/platform-budget';
import { MemoryLastGoodAnswers, type LastGoodAnswer } from '../../gateway/store/last-good-answers';

const NATIVE = JSON.parse(readFileSync('contracts/platforms/tokhaiyte/accepted/01-platforms-md-example.json', 'utf8')).native;
const T0 = Date.parse('2021-08-15T08:00:00+07:00');
const SUBJECT: LookupSubject = { documents: [{ system: 'vn-cccd', value: '079085001234' }], phones: [], platformIds: [], scopes: [] };

/** A platform answering `native` with its text, as the HTTP clients do; and the mappings the adapter made, counted. */
function repeatedPlatform() {
  const platform = { native: NATIVE as unknown, text: (native: unknown) => JSON.stringify(native), calls: 0 };
  const client: LookupClient = {
    byRecord: async () => ({ found: false }),
    latest: async () => {
      platform.calls += 1;
      return { found: true, native: platform.native, text: platform.text(platform.native) };
    },
  };
  const mapped = { count: 0 };
  const instance = new AdapterInstance(
    { name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'http://tkyt.test' },
    {
      ...tokhaiyte,
      createClient: () => client,
      toCanonical: (native, context) => {
        mapped.count += 1;
        return tokhaiyte.toCanonical(native, context);
      },
    },
  );
  const puts: LastGoodAnswer[] = [];
  const lastGood = new MemoryLastGoodAnswers(new Retention(3650));
  const put = lastGood.put.bind(lastGood);
  lastGood.put = (i, s, answer) => (puts.push(answer), put(i, s, answer));
  const clock = { now: T0 };
  // The window off: every scan calls the platform, as VERIFY_FRESHNESS_SECONDS=0 does.
  const router = new AdapterRouter(new AdapterRegistry([instance]), lastGood, new GatewayEvents(), () => clock.now, {
    freshnessSeconds: 0,
    budgets: new MemoryPlatformBudgets(),
    retention: new Retention(3650),
  });
  const scan = (at: number) => {
    clock.now = at;
    return router.latest('tokhaiyte', SUBJECT, 'cit_an0000000000000000', new Deadline(800));
  };
  return { platform, mapped, puts, router, scan };
}

describe('a platform answer that comes again as it was is mapped once (issue 12)', () => {
  it('serves the declaration mapped before, stamped with the new arrival: what mapping it again gives', async () => {
    const p = repeatedPlatform();
    const first = await p.scan(T0);
    const again = await p.scan(T0 + 1500);
    assert.deepEqual([p.platform.calls, p.mapped.count], [2, 1]);
    assert.equal(again.outcome, 'answered');
    const remapped = tokhaiyte.toCanonical(NATIVE, {
      instance: { name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'http://tkyt.test' },
      receivedAt: formatIct(new Date(T0 + 1500)),
      futureSkewMs: 5 * 60_000,
    });
    assert.ok(remapped.ok);
    assert.deepEqual(again.declaration, remapped.declaration);
    assert.notEqual(again.declaration?.source.receivedAt, first.declaration?.source.receivedAt);
    await p.router.shutdown();
  });

  it('maps the answer again when the clock stepped back past the held arrival: a record ahead of the new arrival by more than the skew is refused, as a fresh mapping refuses it', async () => {
    const p = repeatedPlatform();
    // Declared at 07:45; heard at 07:46, then the clock is stepped back 10 minutes (an NTP step): 07:36.
    const heard = Date.parse('2021-08-15T07:46:00+07:00');
    assert.equal((await p.scan(heard)).outcome, 'answered');
    const stepped = await p.scan(heard - 10 * 60_000);
    assert.equal(p.mapped.count, 2);
    assert.deepEqual([stepped.outcome, stepped.detail], ['error', 'unmappable']);
    await p.router.shutdown();
  });

  it('maps an answer whose text changed, and writes the shared last-good copy only when what it maps to changed', async () => {
    const p = repeatedPlatform();
    await p.scan(T0);
    // The same record spelt another way (indented): mapped again, and found to say nothing new.
    p.platform.text = (native) => JSON.stringify(native, null, 2);
    await p.scan(T0 + 1000);
    assert.deepEqual([p.mapped.count, p.puts.length], [2, 1]);
    // The cough gone: mapped, and written.
    p.platform.native = { ...NATIVE, trieu_chung_14_ngay: { ...NATIVE.trieu_chung_14_ngay, ho: false } };
    await p.scan(T0 + 2000);
    assert.deepEqual([p.mapped.count, p.puts.length], [3, 2]);
    await p.scan(T0 + 3000);
    assert.deepEqual([p.mapped.count, p.puts.length], [3, 2]);
    await p.router.shutdown();
  });
});
