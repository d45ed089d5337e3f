import assert from 'node:assert/strict';
import { BATCH_UNWRITTEN_LINES, BATCH_WINDOW, ingestBatch, MAX_BATCH_RECORDS } from '../../gateway/http/batch-ingest';
import type { LineSink } from '../../gateway/http/reply';
import type { IngestOutcome, IngestService } from '../../gateway/ingest/ingest-service';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { waitFor } from '../support/wait-for';

type Behaviour = { behaviour: string; waitMs?: number; gate?: boolean };

/** An ingest service that answers each record by its `behaviour`, counts what is still running, and holds gated records until opened. */
function scriptedIngest() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const state = { running: 0, started: 0, defects: [] as unknown[], open: () => open() };
  const ingest = {
    async ingestNative(_instance: string, record: Behaviour): Promise<IngestOutcome> {
      state.running += 1;
      state.started += 1;
      try {
        await new Promise((resolve) => setImmediate(resolve));
        if (record.gate) await gate;
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

/** A body arriving one chunk per line, counting how many chunks were asked for. */
function bodyOf(lines: string[]) {
  const read = { chunks: 0 };
  async function* chunks(): AsyncGenerator<Buffer> {
    for (const line of lines) {
      read.chunks += 1;
      yield Buffer.from(`${line}\n`);
    }
  }
  return { chunks: chunks(), read };
}

/** Collects the lines written, parsed. */
function sink(): LineSink & { lines: any[] } {
  const lines: any[] = [];
  return { lines, write: async (line) => void lines.push(JSON.parse(line)) };
}

describe('a batch whose lines fail in every way', () => {
  it('answers every line, a defect of ours on its own line as failed, and reports the defect once', async () => {
    const { ingest, state } = scriptedIngest();
    const body = bodyOf(['{"behaviour":"refuse"}', '{"behaviour":"defect"}', '{"behaviour":"store-down"}', '{"behaviour":"refuse"}']);
    const out = sink();
    const end = await ingestBatch(ingest, 'tokhaiyte', body.chunks, out, (error) => state.defects.push(error));
    assert.deepEqual(
      [...out.lines, JSON.parse(end.last)].map((o) => o.status ?? 'summary'),
      ['refused', 'failed', 'failed', 'refused', 'summary'],
    );
    assert.deepEqual(
      out.lines.slice(1, 3).map((o) => o.reasons[0].code),
      ['internal', 'store-unavailable'],
    );
    assert.equal(state.defects.length, 1);
    assert.ok(state.defects[0] instanceof TypeError);
    assert.equal(end.final, false, 'a batch with failed lines is not kept for replay: a retry may do better');
  });

  it('answers only once every line has ended: nothing keeps running after the answer', async () => {
    const { ingest, state } = scriptedIngest();
    const body = bodyOf(['{"behaviour":"defect"}', '{"behaviour":"refuse","waitMs":30}', '{"behaviour":"refuse","waitMs":60}']);
    await ingestBatch(ingest, 'tokhaiyte', body.chunks, sink(), () => undefined);
    assert.equal(state.running, 0);
  });
});

/** A batch is streamed through a window: memory is bounded by the window, not by the batch. */
describe('a batch streamed through its window', () => {
  it(`ingests at most ${BATCH_WINDOW} records at once, and reads no further while the window is full`, async () => {
    const { ingest, state } = scriptedIngest();
    const body = bodyOf(Array.from({ length: 200 }, () => '{"behaviour":"refuse","gate":true}'));
    const out = sink();
    const batch = ingestBatch(ingest, 'tokhaiyte', body.chunks, out, () => undefined);
    await waitFor(() => state.running === BATCH_WINDOW, 2000, 'the window to fill');
    // Another turn of the event loop reads nothing more while every record of the window still runs.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual([state.started, body.read.chunks, out.lines.length], [BATCH_WINDOW, BATCH_WINDOW, 0]);
    state.open();
    const end = await batch;
    assert.deepEqual([out.lines.length, JSON.parse(end.last).summary.records, body.read.chunks], [200, 200, 200]);
  });

  it(`holds at most ${BATCH_UNWRITTEN_LINES} lines behind a slow one, reading no further, while quick lines go on past it`, async () => {
    const { ingest, state } = scriptedIngest();
    const body = bodyOf(['{"behaviour":"refuse","gate":true}', ...Array.from({ length: 3000 }, () => '{"behaviour":"refuse"}')]);
    const out = sink();
    const batch = ingestBatch(ingest, 'tokhaiyte', body.chunks, out, () => undefined);
    await waitFor(() => state.started === BATCH_UNWRITTEN_LINES && state.running === 1, 2000, 'the lines behind the slow one');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual([body.read.chunks, out.lines.length], [BATCH_UNWRITTEN_LINES, 0]);
    state.open();
    await batch;
    assert.equal(out.lines.length, 3001);
  });

  it('writes each line as soon as it and every earlier line have ended, in input order, before the body has ended', async () => {
    const { ingest } = scriptedIngest();
    let more!: () => void;
    const rest = new Promise<void>((resolve) => (more = resolve));
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"behaviour":"refuse","waitMs":40}\n{"behaviour":"refuse"}\n{"behaviour":"refuse","waitMs":20}\n');
      await rest;
      yield Buffer.from('{"behaviour":"refuse"}\n');
    }
    const out = sink();
    const batch = ingestBatch(ingest, 'tokhaiyte', chunks(), out, () => undefined);
    await waitFor(() => out.lines.length === 3, 2000, 'the first three lines');
    assert.deepEqual(
      out.lines.map((l) => l.line),
      [1, 2, 3],
    );
    more();
    await batch;
    assert.deepEqual(
      out.lines.map((l) => l.line),
      [1, 2, 3, 4],
    );
  });

  it(`cuts a batch at record ${MAX_BATCH_RECORDS + 1}: the records before it answered, an error line, the summary, and nothing more read`, async () => {
    const { ingest, state } = scriptedIngest();
    const body = bodyOf([...Array.from({ length: MAX_BATCH_RECORDS + 5 }, () => '{"behaviour":"refuse"}')]);
    const out = sink();
    const end = await ingestBatch(ingest, 'tokhaiyte', body.chunks, out, () => undefined);
    assert.equal(out.lines.length, MAX_BATCH_RECORDS + 1);
    const error = out.lines.at(-1).error;
    assert.deepEqual([error.status, error.type.endsWith('/payload-too-large')], [413, true]);
    assert.match(error.detail, new RegExp(`line ${MAX_BATCH_RECORDS + 1} holds record ${MAX_BATCH_RECORDS + 1}`));
    assert.equal(JSON.parse(end.last).summary.records, MAX_BATCH_RECORDS);
    assert.equal(end.final, false, 'a cut batch is not kept for replay');
    assert.deepEqual([state.started, body.read.chunks], [MAX_BATCH_RECORDS, MAX_BATCH_RECORDS + 1]);
  });
});
