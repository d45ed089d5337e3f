import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const EXAMPLE = join(__dirname, '..', '..', 'contracts', 'platforms', 'tokhaiyte', 'examples', 'tokhaiyte-example.json');
/** Vietnam's time (ICT, UTC+7, no daylight saving): how tokhaiyte writes its times. */
const ICT_MS = 7 * 3_600_000;

/**
 * The Ministry's example record, declared a minute before `now`, for the sandbox's first ingest:
 * the file itself is of 15/08/2021, years past any retention window, and the gateway refuses it
 * (`past-retention`). Its record id carries the day (TK + yymmdd + the example's serial), so the
 * next day's example is another record, not a conflict with a stored one. Pure: the caller writes it.
 */
export function todaysExample(now: Date): Record<string, unknown> {
  const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown> & { di_chuyen: Record<string, unknown> };
  const [date, time] = new Date(now.getTime() - 60_000 + ICT_MS).toISOString().split('T') as [string, string];
  const [year, month, day] = date.split('-') as [string, string, string];
  return {
    ...example,
    ma_to_khai: `TK${year.slice(2)}${month}${day}00012345`,
    di_chuyen: { ...example.di_chuyen, ngay_di: `${day}/${month}/${year}` },
    thoi_gian_khai_bao: `${day}/${month}/${year} ${time.slice(0, 5)}`,
  };
}

/** Writes today's example into the sandbox's directory; its path, for the help text. */
export function writeTodaysExample(sandboxDir: string, now: Date): string {
  const dir = join(sandboxDir, 'examples');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'tokhaiyte-today.json');
  writeFileSync(file, `${JSON.stringify(todaysExample(now), null, 2)}\n`);
  return file;
}
