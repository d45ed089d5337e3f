import type { IngestService } from '../ingest/ingest-service';
import { StoreUnavailable } from '../store/store-errors';
import { PayloadTooLarge } from './problems';
import type { Reply } from './reply';

export const MAX_BATCH_RECORDS = 10_000;
/** Records in flight at once: enough to keep Redis busy, few enough to bound memory and sockets. */
const CONCURRENCY = 32;

type LineResult =
  | { line: number; status: 'created' | 'replayed'; declarationId: string; citizenId: string | null }
  | { line: number; status: 'refused'; reasons: { pointer: string; code: string; message: string }[] }
  | { line: number; status: 'failed'; reasons: { pointer: string; code: string; message: string }[] };

/**
 * An NDJSON batch: one result line per input line, in input order, then a summary. Each record is
 * ingested on its own, so one bad line (not JSON, unmappable, or not stored) never fails the others.
 */
export async function ingestBatch(ingest: IngestService, instance: string, body: Buffer): Promise<Reply> {
  const lines = body.toString('utf8').split('\n');
  const records = lines.map((text, index) => ({ text: text.trim(), line: index + 1 })).filter((r) => r.text !== '');
  if (records.length > MAX_BATCH_RECORDS) throw new PayloadTooLarge(`a batch holds at most ${MAX_BATCH_RECORDS} records; this one has ${records.length}`);

  const results: LineResult[] = new Array(records.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < records.length) {
      const index = next++;
      const { text, line } = records[index] as { text: string; line: number };
      results[index] = await ingestLine(ingest, instance, text, line);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, records.length) }, worker));

  const count = (status: LineResult['status']) => results.filter((r) => r.status === status).length;
  const summary = { records: records.length, created: count('created'), replayed: count('replayed'), refused: count('refused'), failed: count('failed') };
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
  try {
    const outcome = await ingest.ingestNative(instance, record);
    if (!outcome.ok) return { line, status: 'refused', reasons: outcome.reasons };
    return { line, status: outcome.created ? 'created' : 'replayed', declarationId: outcome.declaration.declarationId, citizenId: outcome.citizen?.citizenId ?? null };
  } catch (error) {
    if (!(error instanceof StoreUnavailable)) throw error;
    return { line, status: 'failed', reasons: [{ pointer: '', code: 'store-unavailable', message: 'the store could not take this record; send it again' }] };
  }
}
