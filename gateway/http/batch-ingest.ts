import { GatewayError, type ProblemItem } from '../errors/gateway-error';
import type { IngestService } from '../ingest/ingest-service';
import { StoreFull, StoreUnavailable } from '../store/store-errors';
import { ndjsonLines, type NdjsonLine } from './ndjson-lines';
import { toProblem, type ProblemDocument } from './problem-table';
import { BadRequest, PayloadTooLarge } from './problems';
import type { LineSink, StreamedEnd } from './reply';

export const MAX_BATCH_RECORDS = 10_000;
/** A batch's body, decoded; with a Content-Length past it, 413 before a byte is read. */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;
/** A line is one record: at most what the single-record route takes as its whole body. */
export const MAX_LINE_BYTES = 256 * 1024;
/**
 * Records being ingested at once, at most: enough to keep Redis busy, few enough to bound memory and
 * sockets. While the window is full, nothing more of the body is read.
 */
export const BATCH_WINDOW = 32;
/**
 * Lines read and not yet written, at most: those being ingested and the results held behind an
 * earlier line still running (a few hundred bytes each). Past them nothing more is read either;
 * below them, quick lines (most refusals) do not wait for a slow one to leave the window.
 */
export const BATCH_UNWRITTEN_LINES = 1024;

type LineReason = { pointer: string; code: string; message: string };
/**
 * What one record of a batch came to: its status, and what the route answers of it (ids) or why it
 * was not taken. `keptForMs`, not written to its line: how long the data the line holds is kept (its
 * retention), the longest the batch's answer may be replayed (StreamedEnd.keepForReplayMs).
 */
export type RecordAnswer =
  | { status: 'created' | 'replayed'; keptForMs?: number; [field: string]: unknown }
  | { status: 'refused' | 'conflict' | 'failed'; reasons: LineReason[]; keptForMs?: undefined };
type LineResult = { line: number } & RecordAnswer;
/** Takes one record of a batch, parsed from its line. It may reject: the line then says `failed`. */
export type TakeRecord = (record: unknown) => Promise<RecordAnswer>;

const CONFLICT: LineReason = {
  pointer: '',
  code: 'conflict',
  message: "another record is stored under this record's id; send it under its own id",
};
const STORE_UNAVAILABLE: LineReason = {
  pointer: '',
  code: 'store-unavailable',
  // A store that timed out may have written the record after all: said so, never "not stored".
  message: 'the store did not answer in time: this record may or may not be stored; send it again (a stored one is answered replayed)',
};
/** Why a batch stopped after a whole window of records in a row the store did not take. */
const STORE_GONE = `the store did not take ${BATCH_WINDOW} records in a row: the rest of the batch was not read; send it again later`;
const STORE_FULL: LineReason = {
  pointer: '',
  code: 'store-full',
  // The embedded store refuses before it writes: nothing of the record was kept.
  message: 'the embedded store holds all it may: this record was not stored; the sandbox keeps a bounded number of records',
};
const INTERNAL: LineReason = {
  pointer: '',
  code: 'internal',
  message: 'the gateway failed on this record; send it again, and tell us if it fails again',
};
const NOT_UTF8: LineReason = { pointer: '', code: 'bad-format', message: 'this line is not valid UTF-8' };
const TOO_LARGE: LineReason = {
  pointer: '',
  code: 'too-large',
  message: `this line is longer than ${MAX_LINE_BYTES / 1024} KiB, the most one record may be`,
};

/**
 * An NDJSON batch, streamed: one result line per non-blank input line, in input order, each written
 * to `out` as soon as it and every earlier line have ended, then (returned) a summary line. At most
 * BATCH_WINDOW records are being ingested and BATCH_UNWRITTEN_LINES read and not yet written; at
 * either bound `body` is not read, so memory is bounded by the window, whatever the batch's size.
 * Each record is ingested on its own, so one bad line (not JSON, unmappable, a conflict, not stored,
 * or even a defect of ours) never fails the others. A defect is reported to `onDefect` (the
 * request's log) and answered on its own line.
 *
 * A batch cut short (a record past MAX_BATCH_RECORDS, a body past its size, a body that cannot be
 * read to its end) stops reading there: the lines read are answered, then one `{"error": problem}`
 * line says where it stopped and why, then the summary of what was read. Nothing past the cut is
 * read, and the answer is not final (not kept for replay).
 */
export function ingestBatch(
  ingest: IngestService,
  instance: string,
  body: AsyncIterable<Buffer>,
  out: LineSink,
  onDefect: (error: unknown) => void,
): Promise<StreamedEnd> {
  return streamBatch(body, out, (record) => ingestRecord(ingest, instance, record), onDefect);
}

/**
 * The streamed batch machinery of ingestBatch for any kind of record (declarations, venue
 * check-ins): `take` answers one parsed record; reading, the window, the order of the answers, the
 * cut, the summary and what is final are the same for every kind.
 */
export async function streamBatch(
  body: AsyncIterable<Buffer>,
  out: LineSink,
  take: TakeRecord,
  onDefect: (error: unknown) => void,
): Promise<StreamedEnd> {
  const summary = { records: 0, created: 0, replayed: 0, refused: 0, conflict: 0, failed: 0 };
  // Each record's line is written after the one before it: `written` is the last of them.
  let written = Promise.resolve();
  let ingesting = 0;
  let unwritten = 0;
  let room = (): void => {};
  let lastLine = 0;
  let cut: ProblemDocument | undefined;
  // Lines in a row (in input order) that the store did not take: a whole window of them, and the rest is not read.
  let storeFailures = 0;
  // When the first of its lines' data goes, on this process's monotonic clock: a line's keptForMs is
  // counted from its answer, the replay from the batch's end.
  let keptUntil = Infinity;
  try {
    for await (const record of ndjsonLines(body, MAX_LINE_BYTES)) {
      if (storeFailures >= BATCH_WINDOW) {
        cut = stoppedAt(toProblem(new StoreUnavailable(STORE_GONE)), lastLine);
        break;
      }
      if (summary.records === MAX_BATCH_RECORDS) {
        cut = toProblem(
          new PayloadTooLarge(
            `a batch holds at most ${MAX_BATCH_RECORDS} records: line ${record.line} holds record ${MAX_BATCH_RECORDS + 1}; ` +
              'it and every line after it were not taken (the rest of the body is not read); send them in another batch',
            [{ pointer: '', message: `not taken from line ${record.line}` }],
          ),
        );
        break;
      }
      summary.records += 1;
      lastLine = record.line;
      ingesting += 1;
      unwritten += 1;
      const result = answerLine(take, record, onDefect).finally(() => {
        ingesting -= 1;
        room();
      });
      written = written.then(async () => {
        const { keptForMs, ...answered } = await result;
        summary[answered.status] += 1;
        storeFailures = answered.status === 'failed' && answered.reasons[0] === STORE_UNAVAILABLE ? storeFailures + 1 : 0;
        if (keptForMs !== undefined) keptUntil = Math.min(keptUntil, performance.now() + keptForMs);
        await out.write(JSON.stringify(answered));
        unwritten -= 1;
        room();
      });
      // Nothing more is read while the window is full, or while too many lines wait to be written.
      while (ingesting === BATCH_WINDOW || unwritten === BATCH_UNWRITTEN_LINES) await new Promise<void>((resolve) => (room = resolve));
    }
  } catch (error) {
    // Nothing read yet (a body that did not come in time, or cannot be read from its start): the
    // batch's own problem and status (408, 400), not a 200 whose one line says it failed.
    if (error instanceof GatewayError && summary.records === 0) throw error;
    if (!(error instanceof GatewayError)) onDefect(error);
    cut = stoppedAt(toProblem(error), lastLine);
  }
  await written;
  // A body of no record (empty, or blank lines alone) is a request that sent nothing: said so, not a 200 of a zero summary.
  if (summary.records === 0 && !cut)
    throw new BadRequest('the batch holds no record: send one JSON record per line', [{ pointer: '', message: 'no record' }]);
  if (cut) await out.write(JSON.stringify({ error: cut }));
  // Kept for replay only when a line took: a batch refused whole is run again, as a refused single record is.
  const took = summary.created + summary.replayed > 0;
  return {
    last: JSON.stringify({ summary }),
    final: summary.failed === 0 && cut === undefined && took,
    keepForReplayMs: keptUntil - performance.now(),
  };
}

/** The problem that stopped the body being read, with where: every line after `lastLine` is unread. */
function stoppedAt(problem: ProblemDocument, lastLine: number): ProblemDocument {
  const where: ProblemItem = { pointer: '', message: `not taken after line ${lastLine}` };
  return { ...problem, detail: `${problem.detail}; no line after line ${lastLine} was taken`, errors: [...problem.errors, where] };
}

/** A line's result; never rejects: whatever happens to one record is that record's line. */
async function answerLine(take: TakeRecord, record: NdjsonLine, onDefect: (error: unknown) => void): Promise<LineResult> {
  const { line } = record;
  if ('tooLong' in record) return { line, status: 'refused', reasons: [TOO_LARGE] };
  if ('notUtf8' in record) return { line, status: 'refused', reasons: [NOT_UTF8] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.text);
  } catch {
    return { line, status: 'refused', reasons: [{ pointer: '', code: 'bad-format', message: 'this line is not a JSON document' }] };
  }
  return take(parsed).then(
    (answer): LineResult => ({ line, ...answer }),
    (error: unknown): LineResult => {
      if (error instanceof StoreFull) return { line, status: 'failed', reasons: [STORE_FULL] };
      if (error instanceof StoreUnavailable) return { line, status: 'failed', reasons: [STORE_UNAVAILABLE] };
      onDefect(error);
      return { line, status: 'failed', reasons: [INTERNAL] };
    },
  );
}

async function ingestRecord(ingest: IngestService, instance: string, record: unknown): Promise<RecordAnswer> {
  // A line names the citizen; it hands out no QR (ingest-service.ts: CitizenInAnswer).
  const outcome = await ingest.ingestNative(instance, record, 'id-only');
  if (outcome.ok)
    return {
      status: outcome.created ? 'created' : 'replayed',
      keptForMs: outcome.keptForMs,
      declarationId: outcome.declaration.declarationId,
      // Null unless the record names its citizen undisputed (citizenShownToSender).
      citizenId: outcome.citizen?.citizenId ?? null,
    };
  return outcome.conflict ? { status: 'conflict', reasons: [CONFLICT] } : { status: 'refused', reasons: outcome.reasons };
}
