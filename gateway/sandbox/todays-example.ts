import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ictParts } from '../../adapters/common/simulator-helpers';

const EXAMPLE = join(__dirname, '..', '..', 'contracts', 'platforms', 'tokhaiyte', 'examples', 'tokhaiyte-example.json');

/**
 * The Ministry's example record, declared a minute before `now`, for the sandbox's first ingest:
 * the file itself is of 15/08/2021, years past any retention window, and the gateway refuses it
 * (`past-retention`). Its record id carries the day (TK + yymmdd + the example's serial), so the
 * next day's example is another record, not a conflict with a stored one. Pure: the caller writes it.
 */
export function todaysExample(now: Date): Record<string, unknown> {
  const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown> & { di_chuyen: Record<string, unknown> };
  // In Vietnam's time, as tokhaiyte writes it (the simulators' own helper).
  const { dmy, hm, compact } = ictParts(new Date(now.getTime() - 60_000));
  return {
    ...example,
    ma_to_khai: `TK${compact.slice(2)}00012345`,
    di_chuyen: { ...example.di_chuyen, ngay_di: dmy },
    thoi_gian_khai_bao: `${dmy} ${hm}`,
  };
}

/**
 * Writes today's example into the sandbox's directory, unless today's is there already: a sandbox
 * started again the same day (on Redis, which kept the first one's record) sends the same record,
 * replayed (200), where a new time under the same id was a 409. Written whole or not at all (a file
 * of its own, renamed over the old): two sandboxes started at once on one folder read it as the other
 * writes it. Its path, for the help text, and the record it holds, for the Ministry's simulator.
 */
export function writeTodaysExample(sandboxDir: string, now: Date): { file: string; record: Record<string, unknown> } {
  const dir = join(sandboxDir, 'examples');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'tokhaiyte-today.json');
  const example = todaysExample(now);
  const kept = exampleIn(file);
  if (kept !== undefined && kept.ma_to_khai === example.ma_to_khai) return { file, record: kept };
  const written = `${file}.${process.pid}.tmp`;
  writeFileSync(written, `${JSON.stringify(example, null, 2)}\n`);
  renameSync(written, file);
  return { file, record: example };
}

/** The example in `file`; undefined for none, or a file that is not one (edited by hand, cut short): it is written anew. */
function exampleIn(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
