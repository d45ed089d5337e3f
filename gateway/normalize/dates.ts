import { accept, reject, type Parsed } from './parsed';

/**
 * Dates and times. Every platform's clock is Indochina Time (UTC+07:00, no daylight saving), so a
 * time written without an offset is read as +07:00, and every stored time is written at +07:00.
 */
const ICT_OFFSET_MS = 7 * 3600 * 1000;

const DAY_MONTH_YEAR = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(?:(\d{1,2})\/(\d{1,2})\/(\d{4})|(\d{4})-(\d{2})-(\d{2}))[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date: `dd/MM/yyyy`, `d/M/yyyy` or `yyyy-MM-dd`, to `yyyy-MM-dd`. 31/02 and the like are refused. */
export function parseDate(input: string): Parsed<string> {
  const text = input.trim();
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) return calendarDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  const iso = ISO_DATE.exec(text);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return reject('is not a date: expected dd/MM/yyyy, d/M/yyyy or yyyy-MM-dd');
}

/** The earliest year any date a record states may fall in: an earlier one is a typing or unit mistake. */
export const EARLIEST_YEAR = 1900;

/**
 * A birth date that may be a full date or a year only (`1985`, `1985-03-12`, `12/03/1985`), from
 * 1900 to `today` (the local date the record arrived, `yyyy-MM-dd`).
 */
export function parseBirthDate(input: string | number, today: string): Parsed<string> {
  const text = String(input).trim();
  const parsed = /^\d{4}$/.test(text) ? accept(text) : parseDate(text);
  if (!parsed.ok) return parsed;
  const year = Number(parsed.value.slice(0, 4));
  if (year < EARLIEST_YEAR || parsed.value > today)
    return reject(`is not a plausible birth date: it must be a year from ${EARLIEST_YEAR} to today`);
  return parsed;
}

/**
 * A date and time, to RFC 3339 at +07:00. Accepts local times without offset
 * (`15/08/2021 07:45`, `2021-07-20 08:30:00`) and RFC 3339 with any offset or `Z`. A leap second
 * (`23:59:60`) is refused: RFC 3339 allows it, but `Date.parse` does not, and a stored time must
 * be one every reader can order.
 */
export function parseDateTime(input: string): Parsed<string> {
  const text = input.trim();
  if (OFFSET_DATE_TIME.test(text)) {
    const date = calendarDate(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
    const instant = Date.parse(text);
    if (!date.ok || Number.isNaN(instant) || !validClock(text.slice(11, 19))) return reject('is not a date and time that exists');
    return accept(formatIct(instant));
  }
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) return reject('is not a date and time: expected dd/MM/yyyy HH:mm, yyyy-MM-dd HH:mm:ss or RFC 3339');
  const date = m[3] ? calendarDate(Number(m[3]), Number(m[2]), Number(m[1])) : calendarDate(Number(m[4]), Number(m[5]), Number(m[6]));
  const [hour, minute, second, millis] = [Number(m[7]), Number(m[8]), Number(m[9] ?? 0), Number((m[10] ?? '0').padEnd(3, '0'))];
  if (!date.ok) return date;
  if (hour > 23 || minute > 59 || second > 59) return reject('has a time of day that does not exist');
  const [y, mo, d] = date.value.split('-').map(Number) as [number, number, number];
  return accept(formatIct(Date.UTC(y, mo - 1, d, hour, minute, second, millis) - ICT_OFFSET_MS));
}

/** Epoch seconds (Zalo) to RFC 3339 at +07:00. */
export function fromEpochSeconds(seconds: number): Parsed<string> {
  return fromEpochMillis(seconds * 1000);
}

/** Epoch milliseconds (NCOVI) to RFC 3339 at +07:00. */
export function fromEpochMillis(millis: number): Parsed<string> {
  // 2000-01-01 to 2100-01-01: anything outside is a unit mistake (seconds sent as milliseconds or the reverse).
  if (!Number.isFinite(millis) || millis < 946684800000 || millis >= 4102444800000) {
    return reject('is not a time between 2000 and 2100 (check seconds against milliseconds)');
  }
  return accept(formatIct(millis));
}

/** An instant written at +07:00, without milliseconds when there are none: `2021-08-15T07:45:00+07:00`. */
export function formatIct(instant: number | Date): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const iso = new Date(ms + ICT_OFFSET_MS).toISOString();
  return `${ms % 1000 === 0 ? iso.slice(0, 19) : iso.slice(0, 23)}+07:00`;
}

/** The local (+07:00) calendar date of an RFC 3339 time. */
export function localDateOf(rfc3339AtIct: string): string {
  return rfc3339AtIct.slice(0, 10);
}

function calendarDate(year: number, month: number, day: number): Parsed<string> {
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || day < 1 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return reject('is not a date that exists (day, month and year must form a real date)');
  }
  return accept(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

function validClock(hhmmss: string): boolean {
  const [h, m, s] = hhmmss.split(':').map(Number);
  return (h ?? 99) <= 23 && (m ?? 99) <= 59 && (s ?? 0) <= 59;
}
