import assert from 'node:assert/strict';
import { WriteReadiness } from '../../gateway/operations/readiness';

/** A probe the test answers by hand, counting how often it is asked. */
function handProbe() {
  const calls: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const probe = () => new Promise<void>((resolve, reject) => calls.push({ resolve, reject }));
  return { probe, calls };
}

describe('readiness: a write probe, cached briefly', () => {
  it('reuses an answer for 500 ms from when its probe started, then probes again', async () => {
    let now = 0;
    const { probe, calls } = handProbe();
    const readiness = new WriteReadiness(probe, { now: () => now });
    const first = readiness.ready();
    calls[0]!.resolve();
    assert.equal(await first, true);
    now = 499;
    assert.equal(await readiness.ready(), true);
    assert.equal(calls.length, 1);
    now = 500;
    const second = readiness.ready();
    assert.equal(calls.length, 2);
    calls[1]!.reject(new Error('NOREPLICAS Not enough good replicas to write.'));
    assert.equal(await second, false);
  });

  it('shares one probe among the probes asked for while it runs', async () => {
    const { probe, calls } = handProbe();
    const readiness = new WriteReadiness(probe);
    const answers = Promise.all(Array.from({ length: 50 }, () => readiness.ready()));
    calls[0]!.resolve();
    assert.deepEqual(new Set(await answers), new Set([true]));
    assert.equal(calls.length, 1);
  });

  it('is not ready when the write has not succeeded within its budget', async () => {
    const { probe } = handProbe();
    const readiness = new WriteReadiness(probe, { budgetMs: 20 });
    assert.equal(await readiness.ready(), false);
  });

  it('tells once when readiness is lost, with why, and once when it comes back', async () => {
    let now = 0;
    const changes: string[] = [];
    const { probe, calls } = handProbe();
    const readiness = new WriteReadiness(probe, {
      now: () => now,
      onChange: (ready, reason) => changes.push(ready ? 'ready' : `not ready: ${reason}`),
    });
    for (const outcome of ['ok', 'refused', 'refused', 'ok', 'ok']) {
      const answer = readiness.ready();
      if (outcome === 'ok') calls.at(-1)!.resolve();
      else calls.at(-1)!.reject(new Error('READONLY You cannot write against a read only replica.'));
      await answer;
      now += 500;
    }
    assert.deepEqual(changes, ['not ready: READONLY You cannot write against a read only replica.', 'ready']);
  });
});
