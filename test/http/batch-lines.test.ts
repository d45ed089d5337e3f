import assert from 'node:assert/strict';
import { ingestBatch } from '../../gateway/http/batch-ingest';
import type { IngestOutcome, IngestService } from '../../gateway/ingest/ingest-service';
import { StoreUnavailable } from '../../gateway/store/store-errors';

/** An ingest service that answers each record by its `behaviour`, and counts what is still running. */
function scriptedIngest() {
  const state = { running: 0, defects: [] as unknown[] };
  const ingest = {
    async ingestNative(_instance: string, record: { behaviour: string; waitMs?: number }): Promise<IngestOutcome> {
      state.running += 1;
      try {
        await new Promise((resolve) => setImmediate(resolve));
        if (record.waitMs) await new Promise((resolve) => setTimeout(resolve, record.waitMs));
        if (record.behaviour === 'defect') throw new TypeError("Cannot read properties of undefined (reading 'x')");
        if (record.behaviour === 'store-down') throw new StoreUnavailable('redis: connection refused');
        return { ok: false, conflict: false, reasons: [{ pointer: '/x', code: 'missing', message: 'is required' }] };
      } finally {
        state.running -= 1;
      }
    },
  } as unknown as IngestService;
  return { ingest, state };
}

describe('a batch whose lines fail in every way', () => {
  it('answers every line, a defect of ours on its own line as failed, and reports the defect once', async () => {
    const { ingest, state } = scriptedIngest();
    const body = ['{"behaviour":"refuse"}', '{"behaviour":"defect"}', '{"behaviour":"store-down"}', '{"behaviour":"refuse"}'].join('\n');
    const reply = await ingestBatch(ingest, 'tokhaiyte', Buffer.from(body), (error) => state.defects.push(error));
    const out = String(reply.body)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      out.map((o) => o.status ?? 'summary'),
      ['refused', 'failed', 'failed', 'refused', 'summary'],
    );
    assert.deepEqual(
      out.slice(1, 3).map((o) => o.reasons[0].code),
      ['internal', 'store-unavailable'],
    );
    assert.equal(state.defects.length, 1);
    assert.ok(state.defects[0] instanceof TypeError);
    assert.equal(reply.final, false, 'a batch with failed lines is not kept for replay: a retry may do better');
  });

  it('answers only once every line has ended: nothing keeps running after the answer', async () => {
    const { ingest, state } = scriptedIngest();
    const body = ['{"behaviour":"defect"}', '{"behaviour":"refuse","waitMs":30}', '{"behaviour":"refuse","waitMs":60}'].join('\n');
    await ingestBatch(ingest, 'tokhaiyte', Buffer.from(body), () => undefined);
    assert.equal(state.running, 0);
  });
});
