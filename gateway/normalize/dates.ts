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
  // The shape most platforms send, read by arithmetic; anything else (other fractions, a leap second, years before 1000) as below.
  const instant = rfc3339Instant(text);
  if (instant !== undefined) return accept(formatIct(instant));
  if (OFFSET_DATE_TIME.test(text)) {
    const date = calendarDate(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
    const parsed = Date.parse(text);
    // The clock without the offset that may follow at once when it has no seconds ("07:45+07:00").
    const clock = text.slice(11, 19).replace(/[^\d:].*$/, '');
    if (!date.ok || Number.isNaN(parsed) || !validClock(clock)) return reject('is not a date and time that exists');
    return accept(formatIct(parsed));
  }
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) return reject('is not a date and time: expected dd/MM/yyyy HH:mm, yyyy-MM-dd HH:mm:ss or RFC 3339');
  const dmy = m[3] !== undefined;
  const y = Number(dmy ? m[3] : m[4]);
  const mo = Number(dmy ? m[2] : m[5]);
  const d = Number(dmy ? m[1] : m[6]);
  if (!isCalendarDate(y, mo, d)) return reject(NOT_A_DATE);
  // Date.UTC reads years 0-99 as 1900-1999: "15/08/0021" was 1921. No platform writes a time before 1900.
  if (y < 1900) return reject('is before 1900');
  const hour = Number(m[7]);
  const minute = Number(m[8]);
  const second = m[9] === undefined ? 0 : Number(m[9]);
  const millis = m[10] === undefined ? 0 : Number(m[10].padEnd(3, '0'));
  if (hour > 23 || minute > 59 || second > 59) return reject('has a time of day that does not exist');
  return accept(formatIct(Date.UTC(y, mo - 1, d, hour, minute, second, millis) - ICT_OFFSET_MS));
}

/**
 * `Date.parse(text)`, by arithmetic for the RFC 3339 shape platforms and the gateway write
 * (`2021-08-15T07:45:00+07:00`, `2021-08-15T00:45:00.120Z`): every time of every record is parsed
 * at least twice, and Date's parser was a tenth of the mapping. Any other text goes to Date.parse.
 */
export function parseInstant(text: string): number {
  return rfc3339Instant(text) ?? Date.parse(text);
}

/**
 * The instant of `yyyy-MM-ddTHH:mm:ss[.SSS](Z|±HH:mm)` when every field is in range (a real date
 * from year 1000, a time of day up to 23:59:59, an offset up to ±23:59), which is what Date.parse
 * answers for it and what parseDateTime's general path accepts; undefined for any other text, which
 * then takes the general path. Year 1000 on: Date.UTC and the calendar check read years 0-99 as 19xx.
 */
function rfc3339Instant(text: string): number | undefined {
  const length = text.length;
  const millisDigits = length === 24 || length === 29 ? 3 : 0;
  const zoneAt = 19 + (millisDigits === 0 ? 0 : 4);
  if (length !== zoneAt + 1 && length !== zoneAt + 6) return undefined;
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(10) !== 0x54 /* T */) return undefined;
  if (text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  // digitsAt answers -1 for a non-digit: every lower bound below also refuses that.
  if (year < 1000 || !isCalendarDate(year, month, day)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  let millis = 0;
  if (millisDigits !== 0) {
    millis = digitsAt(text, 20, 3);
    if (text.charCodeAt(19) !== 0x2e /* . */ || millis < 0) return undefined;
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(zoneAt);
  if (length === zoneAt + 1) {
    if (zone !== 0x5a /* Z */) return undefined;
  } else {
    const sign = zone === 0x2b /* + */ ? 1 : zone === 0x2d /* - */ ? -1 : 0;
    const offsetHours = digitsAt(text, zoneAt + 1, 2);
    const offsetMins = digitsAt(text, zoneAt + 4, 2);
    if (sign === 0 || text.charCodeAt(zoneAt + 3) !== 0x3a /* : */) return undefined;
    if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) return undefined;
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
}

/** The number written by `count` ASCII digits at `from`, or -1 when one of them is not a digit. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i += 1) {
    const digit = text.charCodeAt(i) - 0x30;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
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
  const local = ms + ICT_OFFSET_MS;
  // Years 0000 to 9999 by arithmetic; any other (six-digit years, NaN's RangeError) as toISOString writes them.
  if (!(local >= FIRST_FOUR_DIGIT_YEAR_MS && local < FIRST_FIVE_DIGIT_YEAR_MS)) {
    const iso = new Date(local).toISOString();
    return `${ms % 1000 === 0 ? iso.slice(0, 19) : iso.slice(0, 23)}+07:00`;
  }
  const whole = Math.trunc(local); // as the Date constructor clips a fractional time
  const days = Math.floor(whole / DAY_MS);
  const msOfDay = whole - days * DAY_MS;
  const clock = `T${pad2(Math.floor(msOfDay / 3_600_000))}:${pad2(Math.floor(msOfDay / 60_000) % 60)}:${pad2(Math.floor(msOfDay / 1000) % 60)}`;
  const fraction = ms % 1000 === 0 ? '' : `.${String(msOfDay % 1000).padStart(3, '0')}`;
  return `${civilDate(days)}${clock}${fraction}+07:00`;
}

/** `formatIct(instant).slice(0, 10)`, the local date, without writing the time of day first. */
export function formatIctDate(instant: number): string {
  const local = instant + ICT_OFFSET_MS;
  if (!(local >= FIRST_FOUR_DIGIT_YEAR_MS && local < FIRST_FIVE_DIGIT_YEAR_MS)) return localDateOf(formatIct(instant));
  return civilDate(Math.floor(Math.trunc(local) / DAY_MS));
}

const DAY_MS = 86_400_000;
/** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in epoch milliseconds. */
const FIRST_FOUR_DIGIT_YEAR_MS = -62_167_219_200_000;
const FIRST_FIVE_DIGIT_YEAR_MS = 253_402_300_800_000;

/**
 * `yyyy-MM-dd` of a day counted from 1970-01-01, in the proleptic Gregorian calendar (Howard
 * Hinnant's civil_from_days): formatIct runs for every time of every record, and a Date and its
 * toISOString were a tenth of the mapping's time.
 */
function civilDate(days: number): string {
  const shifted = days + 719_468; // from 0000-03-01, so that a leap day ends its year
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** The local (+07:00) calendar date of an RFC 3339 time. */
export function localDateOf(rfc3339AtIct: string): string {
  return rfc3339AtIct.slice(0, 10);
}

/** Days in each month of a common year, January first. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

const NOT_A_DATE = 'is not a date that exists (day, month and year must form a real date)';

function calendarDate(year: number, month: number, day: number): Parsed<string> {
  if (!isCalendarDate(year, month, day)) return reject(NOT_A_DATE);
  return accept(`${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** Days in a month (1-12), by the calendar `Date.UTC` uses: it reads years 0 to 99 as 1900 to 1999, and so did this check when it asked Date. */
function daysIn(year: number, month: number): number {
  const calendarYear = year >= 0 && year <= 99 ? 1900 + year : year;
  const leap = calendarYear % 4 === 0 && (calendarYear % 100 !== 0 || calendarYear % 400 === 0);
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] as number);
}

function validClock(hhmmss: string): boolean {
  const [h, m, s] = hhmmss.split(':').map(Number);
  return (h ?? 99) <= 23 && (m ?? 99) <= 59 && (s ?? 0) <= 59;
}
