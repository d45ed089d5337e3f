import assert from 'node:assert/strict';
import { WriteReadiness } from '../../gateway/operations/readiness';

describe('readiness held until what start-up reads is read', () => {
  it('is not ready while held, whatever the store says, says why, and is ready once released', async () => {
    const readiness = new WriteReadiness(async () => {});
    let lastAttempt = 'fetch failed';
    const release = readiness.holdUntil(() => `the identity provider's keys have not been read: ${lastAttempt}`);
    assert.equal(await readiness.ready(), false);
    lastAttempt = 'timed out after 1500 ms';
    assert.equal(readiness.waitingFor, "the identity provider's keys have not been read: timed out after 1500 ms");
    release();
    assert.equal(readiness.waitingFor, undefined);
    assert.equal(await readiness.ready(), true);
  });
});
