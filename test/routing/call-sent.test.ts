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
import { GatewayEvents } from '../../gateway/operations/gateway-events';
import type { LastGoodAnswers } from '../../gateway/store/last-good-answers';

const SUBJECT: LookupSubject = { documents: [{ system: 'vn-cccd', value: '079085001234' }], phones: [], platformIds: [], scopes: [] };

/**
 * What the platforms' latency is made of: the calls that reached a platform. A call whose first
 * attempt the platform failed and whose retry the breaker, opened by that failure, turned away was
 * sent, and is timed; one turned away before any attempt was not.
 */
describe('a platform call, as its latency counts it', () => {
  it('was sent when its first attempt reached the platform, whatever turned its retry away; not when the breaker turned it away', async () => {
    const client = {
      latest: async () => {
        throw new UpstreamError('server-error', 'the platform answered 503', 503);
      },
    } as unknown as LookupClient;
    // One failure in one call opens the breaker: the retry meets it open.
    const config = {
      name: 'tokhaiyte',
      platform: 'tokhaiyte',
      baseUrl: 'http://tokhaiyte.test',
      breaker: { volumeThreshold: 1, errorThresholdPercentage: 1 },
    };
    const instance = new AdapterInstance(config as InstanceConfig, { ...tokhaiyte, createClient: () => client });
    const lastGood = { put: async () => {}, get: async () => undefined } as unknown as LastGoodAnswers;
    const events = new GatewayEvents();
    const calls: { outcome: string; sent: boolean }[] = [];
    events.on('adapter-call', ({ outcome, sent }) => calls.push({ outcome, sent }));
    const router = new AdapterRouter(new AdapterRegistry([instance]), lastGood, events);
    try {
      await router.latest('tokhaiyte', SUBJECT, 'cit_a', new Deadline(800));
      await router.latest('tokhaiyte', SUBJECT, 'cit_b', new Deadline(800));
    } finally {
      await router.shutdown();
    }
    assert.deepEqual(calls, [
      { outcome: 'breaker-open', sent: true },
      { outcome: 'breaker-open', sent: false },
    ]);
  });
});
