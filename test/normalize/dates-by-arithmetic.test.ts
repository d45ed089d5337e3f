import assert from 'node:assert/strict';
import { formatIct, formatIctDate, parseDate, parseDateTime, parseInstant } from '../../gateway/normalize/dates';

const ICT_MS = 7 * 3600 * 1000;
const DAY_MS = 86_400_000;

/** What formatIct wrote when it went through Date: the reference its arithmetic must agree with. */
function throughDate(ms: number): string {
  const iso = new Date(ms + ICT_MS).toISOString();
  return `${ms % 1000 === 0 ? iso.slice(0, 19) : iso.slice(0, 23)}+07:00`;
}

describe('formatIct: an instant written at +07:00', () => {
  it('writes a NCOVI time in Indochina Time, with its milliseconds only when it has some', () => {
    assert.equal(formatIct(1628988300000), '2021-08-15T07:45:00+07:00');
    assert.equal(formatIct(1628988300120), '2021-08-15T07:45:00.120+07:00');
    assert.equal(formatIct(new Date('2021-08-14T17:00:00Z')), '2021-08-15T00:00:00+07:00');
  });

  it('agrees with Date at every local midnight from 1899 to 2101, leap days and century years included', () => {
    for (let day = Date.UTC(1899, 0, 1) / DAY_MS; day <= Date.UTC(2101, 0, 1) / DAY_MS; day += 1) {
      for (const ms of [day * DAY_MS - ICT_MS, day * DAY_MS - ICT_MS - 1, day * DAY_MS + 12_345])
        assert.equal(formatIct(ms), throughDate(ms));
    }
  });

  it('agrees with Date on fractional milliseconds, negative times and the edges of four-digit years', () => {
    const edges = [-62_167_219_200_000, 253_402_300_800_000].flatMap((edge) => [edge - ICT_MS, edge - ICT_MS - 1, edge - ICT_MS - 0.5]);
    for (const ms of [0, -1, 0.5, -0.5, 999.9, -999.9, 1628988300000.7, -2_208_988_800_000, ...edges, 8.64e15 - ICT_MS]) {
      assert.equal(formatIct(ms), throughDate(ms), String(ms));
    }
  });

  it('writes the local date alone as the first ten characters of the time, at every local midnight and every edge', () => {
    const edges = [-62_167_219_200_000, 253_402_300_800_000].flatMap((edge) => [edge - ICT_MS, edge - ICT_MS - 1, edge - ICT_MS - 0.5]);
    for (let day = Date.UTC(1899, 0, 1) / DAY_MS; day <= Date.UTC(2101, 0, 1) / DAY_MS; day += 1) {
      for (const ms of [day * DAY_MS - ICT_MS, day * DAY_MS - ICT_MS - 1, day * DAY_MS - ICT_MS - 0.5])
        assert.equal(formatIctDate(ms), formatIct(ms).slice(0, 10));
    }
    for (const ms of [0, -1, -0.5, 999.9, ...edges, 8.64e15 - ICT_MS])
      assert.equal(formatIctDate(ms), formatIct(ms).slice(0, 10), String(ms));
    assert.throws(() => formatIctDate(Number.NaN), RangeError);
  });

  it('throws as Date does for a time that is not one', () => {
    assert.throws(() => formatIct(Number.NaN), RangeError);
  });
});

describe('calendar dates: which day, month and year form a real date', () => {
  /** The check as Date makes it: the date Date.UTC builds has the same month and day. */
  function existsForDate(year: number, month: number, day: number): boolean {
    const probe = new Date(Date.UTC(year, month - 1, day));
    return month >= 1 && month <= 12 && day >= 1 && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  }

  it('agrees with Date for every day 0 to 32 of every month 0 to 13, in leap, common and century years and years 0 to 99', () => {
    const years = [0, 1, 4, 50, 96, 99, 100, 400, 1600, 1700, 1900, 1996, 2000, 2020, 2021, 2024, 2100, 2400, 9996, 9999];
    for (const year of years) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          assert.equal(parseDate(text).ok, existsForDate(year, month, day), text);
        }
      }
    }
  });
});

describe('RFC 3339 times read by arithmetic', () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  /** Every combination of fields in and just out of range, in the shapes the arithmetic reads and a few it leaves to Date. */
  function* times(): Generator<string> {
    for (const year of [999, 1000, 1582, 1899, 1900, 1970, 2000, 2021, 2024, 2100, 9999]) {
      for (let month = 0; month <= 13; month += 1) {
        for (const day of [0, 1, 28, 29, 30, 31, 32]) {
          for (const clock of ['00:00:00', '23:59:59', '24:00:00', '12:60:00', '23:59:60', '07:45']) {
            for (const fraction of ['', '.000', '.120', '.5', '.1234']) {
              for (const zone of ['Z', '+07:00', '-00:00', '+23:59', '-23:59', '+24:00', '-12:30', '+07:60', 'z', '+0700']) {
                yield `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${clock}${fraction}${zone}`;
              }
            }
          }
        }
      }
    }
  }

  it('gives the instant Date.parse gives, or NaN where it does, for every combination of edges', () => {
    for (const text of times()) assert.equal(parseInstant(text), Date.parse(text), text);
    for (const text of [
      '',
      'T',
      '2021-08-15',
      '2021-08-15T07:45:00',
      '２０２1-08-15T07:45:00Z',
      '2021-08-15T07:45:0a+07:00',
      '2021-08-15 07:45:00+07:00',
    ])
      assert.equal(parseInstant(text), Date.parse(text), text);
  });

  it('accepts and writes every combination as the reading through Date.parse did', () => {
    /** parseDateTime's reading of an RFC 3339 time as it was before the arithmetic: its checks, then Date.parse. */
    function throughDateParse(text: string): string | undefined {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return 'other';
      const [year, month, day] = [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
      const days = [31, (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
      // The clock alone: a time without seconds has its offset right after the minutes (refused before, though the pattern allows it).
      const [hours, minutes, seconds] = text
        .slice(11, 19)
        .replace(/[^\d:].*$/, '')
        .split(':')
        .map(Number);
      const instant = Date.parse(text);
      if (month < 1 || month > 12 || day < 1 || day > (days[month - 1] as number)) return undefined;
      if (Number.isNaN(instant) || !((hours ?? 99) <= 23 && (minutes ?? 99) <= 59 && (seconds ?? 0) <= 59)) return undefined;
      return formatIct(instant);
    }
    for (const text of times()) {
      const expected = throughDateParse(text);
      if (expected === 'other') continue;
      const parsed = parseDateTime(text);
      assert.equal(parsed.ok ? parsed.value : undefined, expected, text);
    }
  });
});
