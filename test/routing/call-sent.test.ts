import assert from 'node:assert/strict';
import {
  AdapterInstance,
  AdapterRegistry,
  UpstreamError,
  type InstanceConfig,
  type LookupClient,
  type LookupSubject,
} from '../../adapters';
import { tokhaiyte } from '../../adapters/tokhaiyte/tokhaiyte-adapter';
import { AdapterRouter } from '../../gateway/routing/adapter-router';
import { Deadline } from '../../gateway/routing/deadline';
import { GatewayEvents, type GatewayEventMap } from '../../gateway/operations/gateway-events';
import type { LastGoodAnswers } from '../../gateway/store/last-good-answers';

const SUBJECT: LookupSubject = { documents: [{ system: 'vn-cccd', value: '079085001234' }], phones: [], platformIds: [], scopes: [] };

/**
 * Scans of `citizens` against a platform that always fails with `failure`, whose breaker one failure
 * opens (the retry meets it open): the calls as the metrics and the dashboard are told of them.
 */
async function callsFailingWith(failure: UpstreamError, citizens: string[]): Promise<GatewayEventMap['adapter-call'][0][]> {
  const client = {
    latest: async () => {
      throw failure;
    },
  } as unknown as LookupClient;
  const breaker = { volumeThreshold: 1, errorThresholdPercentage: 1 };
  const config = { name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'http://tokhaiyte.test', breaker } as InstanceConfig;
  const instance = new AdapterInstance(config, { ...tokhaiyte, createClient: () => client });
  const lastGood = { put: async () => {}, get: async () => undefined } as unknown as LastGoodAnswers;
  const events = new GatewayEvents();
  const calls: GatewayEventMap['adapter-call'][0][] = [];
  events.on('adapter-call', (call) => calls.push(call));
  const router = new AdapterRouter(new AdapterRegistry([instance]), lastGood, events);
  try {
    for (const citizen of citizens) await router.latest('tokhaiyte', SUBJECT, citizen, new Deadline(800));
  } finally {
    await router.shutdown();
  }
  return calls;
}

/**
 * What the platforms' latency is made of: the platform's own time. A call whose first attempt the
 * platform failed and whose retry the breaker, opened by that failure, turned away reached the
 * platform, and is timed; one turned away before any attempt did not; our pause before a retry is
 * not the platform's.
 */
describe('a platform call, as its latency counts it', () => {
  it('was sent when its first attempt reached the platform, whatever turned its retry away; not when the breaker turned it away', async () => {
    const calls = await callsFailingWith(new UpstreamError('server-error', 'the platform answered 503', 503), ['cit_a', 'cit_b']);
    assert.deepEqual(
      calls.map(({ outcome, sentMs }) => ({ outcome, sent: sentMs !== undefined })),
      [
        { outcome: 'breaker-open', sent: true },
        { outcome: 'breaker-open', sent: false },
      ],
    );
  });

  it("leaves our pause before a retry out of the platform's time: a 429 asking for 300 ms, then a retry the breaker turned away", async () => {
    const [call] = await callsFailingWith(new UpstreamError('rate-limited', 'the platform answered 429', 429, 300), ['cit_a']);
    assert.ok(call?.sentMs !== undefined && call.sentMs < call.latencyMs, JSON.stringify(call));
  });
});
