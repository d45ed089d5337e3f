import type { IngestService } from '../ingest/ingest-service';
import { StoreUnavailable } from '../store/store-errors';
import { PayloadTooLarge } from './problems';
import type { Reply } from './reply';

export const MAX_BATCH_RECORDS = 10_000;
/** Records in flight at once: enough to keep Redis busy, few enough to bound memory and sockets. */
const CONCURRENCY = 32;

type LineReason = { pointer: string; code: string; message: string };
type LineResult =
  | { line: number; status: 'created' | 'replayed'; declarationId: string; citizenId: string | null }
  | { line: number; status: 'refused' | 'conflict' | 'failed'; reasons: LineReason[] };

const CONFLICT: LineReason = {
  pointer: '',
  code: 'conflict',
  message: "another record is stored under this record's id; send it under its own id",
};
const STORE_UNAVAILABLE: LineReason = {
  pointer: '',
  code: 'store-unavailable',
  message: 'the store could not take this record; send it again',
};
const INTERNAL: LineReason = {
  pointer: '',
  code: 'internal',
  message: 'the gateway failed on this record; send it again, and tell us if it fails again',
};

/**
 * An NDJSON batch: one result line per input line, in input order, then a summary. Each record is
 * ingested on its own, so one bad line (not JSON, unmappable, a conflict, not stored, or even a
 * defect of ours) never fails the others, and the batch answers only once every line has ended.
 * A defect is reported to `onDefect` (the request's log) and answered on its own line.
 */
export async function ingestBatch(
  ingest: IngestService,
  instance: string,
  body: Buffer,
  onDefect: (error: unknown) => void,
): Promise<Reply> {
  const lines = body.toString('utf8').split('\n');
  const records = lines.map((text, index) => ({ text: text.trim(), line: index + 1 })).filter((r) => r.text !== '');
  if (records.length > MAX_BATCH_RECORDS)
    throw new PayloadTooLarge(`a batch holds at most ${MAX_BATCH_RECORDS} records; this one has ${records.length}`);

  const results: LineResult[] = new Array(records.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < records.length) {
      const index = next++;
      const { text, line } = records[index] as { text: string; line: number };
      results[index] = await ingestLine(ingest, instance, text, line).catch((error: unknown) => {
        if (error instanceof StoreUnavailable) return { line, status: 'failed' as const, reasons: [STORE_UNAVAILABLE] };
        onDefect(error);
        return { line, status: 'failed' as const, reasons: [INTERNAL] };
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, records.length) }, worker));

  const count = (status: LineResult['status']) => results.filter((r) => r.status === status).length;
  const summary = {
    records: records.length,
    created: count('created'),
    replayed: count('replayed'),
    refused: count('refused'),
    conflict: count('conflict'),
    failed: count('failed'),
  };
  const out = results.map((r) => JSON.stringify(r));
  out.push(JSON.stringify({ summary }));
  return { status: 200, contentType: 'application/x-ndjson; charset=utf-8', body: `${out.join('\n')}\n`, final: summary.failed === 0 };
}

async function ingestLine(ingest: IngestService, instance: string, text: string, line: number): Promise<LineResult> {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return { line, status: 'refused', reasons: [{ pointer: '', code: 'bad-format', message: 'this line is not a JSON document' }] };
  }
  const outcome = await ingest.ingestNative(instance, record);
  if (outcome.ok)
    return {
      line,
      status: outcome.created ? 'created' : 'replayed',
      declarationId: outcome.declaration.declarationId,
      citizenId: outcome.citizen?.citizenId ?? null,
    };
  return outcome.conflict ? { line, status: 'conflict', reasons: [CONFLICT] } : { line, status: 'refused', reasons: outcome.reasons };
}
