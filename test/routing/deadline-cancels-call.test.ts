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
import type { LastGoodAnswers } from '../../gateway/store/last-good-answers';

const SUBJECT: LookupSubject = { documents: [{ system: 'vn-cccd', value: '001079800123' }], phones: [], platformIds: [], scopes: [] };

/**
 * The whole chain a scan's time runs through, from its deadline to the socket: the deadline tells
 * the single flight, whose last waiter cancels it, which aborts the guarded attempt's own signal,
 * the one the platform client was given. A platform that never answers is then cut at the scan's
 * deadline, reported as the deadline's (not the platform's) timeout, and nothing stays in flight.
 */
describe("a scan's deadline, through the router to the platform call", () => {
  it('aborts the call of a platform that never answers when the deadline comes, and says the deadline ended it', async () => {
    let aborted = 0;
    const client = {
      latest: (_subject: LookupSubject, signal: AbortSignal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            aborted += 1;
            reject(new UpstreamError('aborted', 'cancelled'));
          }),
        ),
    } as unknown as LookupClient;
    // The breaker's own timeout well past the deadline: the deadline, not the breaker, ends the call.
    const breaker = { timeoutMs: 5_000 };
    const config = { name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'http://tokhaiyte.test', breaker } as InstanceConfig;
    const instance = new AdapterInstance(config, { ...tokhaiyte, createClient: () => client });
    const lastGood = { put: async () => {}, get: async () => undefined } as unknown as LastGoodAnswers;
    const router = new AdapterRouter(new AdapterRegistry([instance]), lastGood);
    const deadline = new Deadline(80);
    try {
      const report = await router.latest('tokhaiyte', SUBJECT, 'cit_Nguyen_Thi_Thu_Ha_0001', deadline);
      assert.deepEqual([report.outcome, report.detail], ['timeout', 'deadline']);
      assert.equal(aborted, 1, "the platform call's signal was aborted");
      assert.equal(router.inFlight, 0);
    } finally {
      deadline.end();
      await router.shutdown();
    }
  });
});
