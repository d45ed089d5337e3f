import assert from 'node:assert/strict';
import { firstFound, MAX_CALLS_PER_LOOKUP } from '../../../adapters/common/ask-in-turn';
import { LookupUnfinished, UpstreamError, type LookupResult } from '../../../adapters/common/upstream';

/** Chị Đặng Thị Thu's documents, as a lookup asks by them: her CCCD, the CMND before it, two passports. */
const DOCUMENTS = ['001190012345', '012345678', 'C1234567', 'B7654321'];
const signal = () => new AbortController().signal;

/** A platform that holds a record under `holds` only, and counts what it was asked by. */
function platformHolding(holds: string | undefined, failsOn?: string) {
  const asked: string[] = [];
  const ask = async (document: string): Promise<LookupResult> => {
    asked.push(document);
    if (document === failsOn) throw new UpstreamError('server-error', '500', 500);
    return document === holds ? { found: true, native: { so_giay_to: document } } : { found: false };
  };
  return { asked, ask };
}

const unfinished = (why: string) => (error: unknown) => error instanceof LookupUnfinished && error.why === why;

describe("a lookup asks by each of a citizen's documents in turn", () => {
  it('finds a record kept under the CMND when the CCCD finds nothing, asking the CMND only then', async () => {
    const platform = platformHolding('012345678');
    assert.deepEqual(await firstFound(DOCUMENTS, platform.ask, signal()), { found: true, native: { so_giay_to: '012345678' } });
    assert.deepEqual(platform.asked, ['001190012345', '012345678']);
  });

  it('makes one call when the first document finds the record', async () => {
    const platform = platformHolding('001190012345');
    assert.equal((await firstFound(DOCUMENTS, platform.ask, signal())).found, true);
    assert.deepEqual(platform.asked, ['001190012345']);
  });

  it('says not found only after asking every document', async () => {
    const platform = platformHolding(undefined);
    assert.deepEqual(await firstFound(DOCUMENTS.slice(0, 3), platform.ask, signal()), { found: false });
    assert.deepEqual(platform.asked, DOCUMENTS.slice(0, 3));
    assert.deepEqual(await firstFound([], platform.ask, signal()), { found: false });
  });

  it(`never makes more than ${MAX_CALLS_PER_LOOKUP} calls, and then says it did not ask them all, never "not found"`, async () => {
    const platform = platformHolding('B7654321');
    await assert.rejects(firstFound(DOCUMENTS, platform.ask, signal()), unfinished('not-all-asked'));
    assert.deepEqual(platform.asked, DOCUMENTS.slice(0, MAX_CALLS_PER_LOOKUP));
  });

  it('fails, never "not found", when a later call fails: a document was left unasked', async () => {
    const platform = platformHolding('C1234567', '012345678');
    await assert.rejects(
      firstFound(DOCUMENTS, platform.ask, signal()),
      (error: unknown) => error instanceof UpstreamError && error.kind === 'server-error',
    );
    assert.deepEqual(platform.asked, ['001190012345', '012345678']);
  });

  it('asks the rate budget before each further call, and ends unfinished when it refuses', async () => {
    const platform = platformHolding('012345678');
    let budget = 1;
    const mayAskAgain = async () => budget-- > 0;
    assert.equal((await firstFound(DOCUMENTS, platform.ask, signal(), mayAskAgain)).found, true);
    await assert.rejects(firstFound(DOCUMENTS, platform.ask, signal(), mayAskAgain), unfinished('budget-exhausted'));
    // The first call of each lookup was the budget's caller's to take; only the further ones ask here.
    assert.deepEqual(platform.asked, ['001190012345', '012345678', '001190012345']);
  });

  it('takes nothing more from the budget once the lookup is cancelled: its next call fails by itself', async () => {
    const controller = new AbortController();
    let taken = 0;
    const ask = async (document: string): Promise<LookupResult> => {
      if (controller.signal.aborted) throw new UpstreamError('timeout', 'cancelled');
      controller.abort();
      return document === 'none' ? { found: true, native: {} } : { found: false };
    };
    await assert.rejects(
      firstFound(DOCUMENTS, ask, controller.signal, async () => ++taken > 0),
      (error: unknown) => error instanceof UpstreamError && error.kind === 'timeout',
    );
    assert.equal(taken, 0);
  });
});
