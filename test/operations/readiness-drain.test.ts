import assert from 'node:assert/strict';
import { WriteReadiness } from '../../gateway/operations/readiness';

describe('readiness while the process drains', () => {
  it('is not ready once draining, at once and without asking the store, even with a ready answer cached', async () => {
    let probes = 0;
    const readiness = new WriteReadiness(async () => {
      probes += 1;
    });
    assert.equal(await readiness.ready(), true);
    readiness.drain();
    assert.equal(readiness.draining, true);
    assert.equal(await readiness.ready(), false);
    assert.equal(probes, 1);
  });
});
