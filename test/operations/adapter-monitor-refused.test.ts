import assert from 'node:assert/strict';
import {
  AdapterInstance,
  AdapterRegistry,
  UpstreamError,
  type InstanceConfig,
  type LookupClient,
  type LookupSubject,
} from '../../adapters';
import { zalo } from '../../adapters/zalo/zalo-adapter';
import { AdapterMonitor } from '../../gateway/operations/adapter-monitor';
import { GatewayEvents } from '../../gateway/operations/gateway-events';
import { AdapterRouter } from '../../gateway/routing/adapter-router';
import { Deadline } from '../../gateway/routing/deadline';
import { MemoryLastGoodAnswers } from '../../gateway/store/last-good-answers';
import { Retention } from '../../gateway/domain/retention';

const SUBJECT: LookupSubject = {
  documents: [],
  phones: [],
  platformIds: [{ system: 'zalo', value: '8412345678901234567' }],
  scopes: ['congan.quangnam'],
};

/**
 * The operators' counts of a platform that refuses requests in its own words (a JSON error other
 * than its not-found: codes of made-up accounts) and fails the rest (a 500 each).
 */
describe("the operators' view of a platform's refusals", () => {
  it("counts requests the platform refused apart from its failures, and keeps its last error the platform's own", async () => {
    // The second scan's 500 is retried once (its second failure): one call of the three, failed.
    const answers = ['refused', 'failed', 'failed', 'refused'];
    let call = 0;
    const client = {
      latest: async () => {
        const answer = answers[call++ % answers.length];
        throw answer === 'refused'
          ? new UpstreamError('bad-request', 'the platform answered 400', 400)
          : new UpstreamError('server-error', 'the platform answered 500', 500);
      },
    } as unknown as LookupClient;
    const config = { name: 'zalo', platform: 'zalo', baseUrl: 'http://zalo.test' } as InstanceConfig;
    const instance = new AdapterInstance(config, { ...zalo, createClient: () => client });
    const events = new GatewayEvents();
    const router = new AdapterRouter(new AdapterRegistry([instance]), new MemoryLastGoodAnswers(new Retention(14)), events);
    const monitor = new AdapterMonitor(events, router, undefined);
    try {
      for (const citizen of ['cit_a', 'cit_b', 'cit_c']) await router.latest('zalo', SUBJECT, citizen, new Deadline(800));
      const [view] = monitor.views();
      const { calls, refused, failures } = view?.last15Minutes ?? {};
      assert.deepEqual({ calls, refused, failures }, { calls: 3, refused: 2, failures: 1 }, JSON.stringify(view?.last15Minutes));
      assert.deepEqual(view?.lastError?.kind, 'server-error');
    } finally {
      monitor.stop();
      await router.shutdown();
    }
  });
});
