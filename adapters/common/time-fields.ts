import { parseBirthDate, parseDate } from '../../gateway/normalize/dates';
import type { Parsed } from '../../gateway/normalize/parsed';
import { pastInstant, timeBounds, travelDate, type TimeBounds } from '../../gateway/normalize/time-bounds';
import type { MappingContext } from './adapter-types';
import type { NativeReader } from './native-reader';

/**
 * Readers for the times a record states, each bounded by the record's arrival: "now" is the
 * context's `receivedAt` (a mapping never reads the clock), and a time after it by more than the
 * configured skew is refused, as is any date before 1900. A future time would keep a declaration
 * looking current (a green pass) until that time came.
 */
function boundsOf(context: MappingContext): TimeBounds {
  // Made once a record: timeBounds keeps one arrival, and records arriving in turn (a batch read back, the bench) each make their own.
  // Checked against the context's arrival and skew: a caller may map again with the same context and another arrival.
  const kept = context.bounds;
  if (kept !== undefined && kept.receivedAt === context.receivedAt && kept.skewMs === context.futureSkewMs) return kept;
  return (context.bounds = timeBounds(context.receivedAt, context.futureSkewMs));
}

/**
 * The record's own time, which the platform always sends (when it was declared, passed, updated):
 * absent, blank, unreadable, in the future or before 1900, it refuses the record.
 */
export function readDeclaredAt(
  r: NativeReader,
  pointer: string,
  context: MappingContext,
  parse: (text: string) => Parsed<string>,
): string | undefined {
  return r.parseRequired(pointer, 'invalid-date', pastTimeOf(context, parse));
}

/**
 * A past time the platform may leave out (Bluezone's last contact). Null or blank reads as absent:
 * refusing the record would lose its risk level, which matters more than when the contact was.
 */
export function readPastTime(
  r: NativeReader,
  pointer: string,
  context: MappingContext,
  parse: (text: string) => Parsed<string>,
): string | undefined {
  return r.parse(pointer, 'invalid-date', pastTimeOf(context, parse));
}

/** A time parser that also holds the time to the record's past: not after its arrival (beyond the skew), not before 1900. */
function pastTimeOf(context: MappingContext, parse: (text: string) => Parsed<string>): (text: string) => Parsed<string> {
  const bounds = boundsOf(context);
  return (text) => {
    const parsed = parse(text);
    return parsed.ok ? pastInstant(parsed.value, bounds) : parsed;
  };
}

/** A trip's date: from 1900 to TRAVEL_DAYS_AHEAD days after the record's arrival (a trip is declared before it is made). */
export function readTravelDate(r: NativeReader, pointer: string, context: MappingContext): string | undefined {
  const bounds = boundsOf(context);
  return r.parse(pointer, 'invalid-date', (text) => {
    const parsed = parseDate(text);
    return parsed.ok ? travelDate(parsed.value, bounds) : parsed;
  });
}

/**
 * A birth date, full or year only, from 1900 to the day the record arrived. `required` for the
 * platforms whose form always asks it: then a blank one refuses the record as missing.
 */
export function readBirthDate(r: NativeReader, pointer: string, context: MappingContext, { required = false } = {}): string | undefined {
  const parser = birthDateBefore(boundsOf(context).today);
  return required ? r.parseRequired(pointer, 'invalid-date', parser) : r.parse(pointer, 'invalid-date', parser);
}

/** A birth-date parser up to `today`. (A function of its own, not a named arrow in readBirthDate: tsx names such an arrow at every call.) */
function birthDateBefore(today: string): (value: string) => Parsed<string> {
  return (value) => parseBirthDate(value, today);
}
