import { schemaReasons, type RefusalReason } from '../../adapters';
import schema from '../../schemas/venue.v1.schema.json';
import { compileSchema } from '../domain/schema-compiler';
import type { Transport, Venue, VenueRegistration } from '../domain/venue';
import { formatIct, localDateOf, parseDate } from '../normalize/dates';
import { normalizeName } from '../normalize/names';
import { provinceCode } from '../normalize/provinces';

/** The stored venue's schema: a venue the gateway is about to store is checked against it (a failure is a defect). */
export const validateVenue = compileSchema<Venue>(schema);

/** The registration body: `$defs/VenueRegistration` of the same file, so that the two cannot drift apart. */
const validateRegistration = compileSchema<VenueRegistration>({
  $id: schema.$id.replace('venue.v1', 'venue-registration.v1'),
  ...schema.$defs.VenueRegistration,
  $defs: schema.$defs,
});

export const DEFAULT_STAY_MINUTES = 60;
/**
 * How many levels of venues lie under a site at most (a site, its buildings, floors, wards, rooms,
 * ...): registration refuses a venue deeper, and tracing and the checkpoints' notices follow
 * children and parents this far, so that what one finds the other finds too.
 */
export const MAX_VENUE_DEPTH = 8;
/** The venues registered directly under one parent at most: a tracing query reads every one of them. */
export const MAX_CHILD_VENUES = 100;
const ISO_DATE = new RegExp(schema.$defs.Transport.properties.date.pattern);
const VENUE_ID = new RegExp(schema.$defs.VenueId.pattern);
const DAY_MS = 86_400_000;
/** A trip's date, around the registration: tickets are bought weeks ahead; a trip traced is at most a year old. */
const TRIP_DAYS_AHEAD = 30;
const TRIP_DAYS_BACK = 366;

/** A registration read and normalised: everything of the venue but its id, its QR and its creation time. */
export type VenueDraft = Omit<Venue, 'venueId' | 'qr' | 'createdAt'>;

export type ReadRegistration = { ok: true; draft: VenueDraft } | { ok: false; reasons: RefusalReason[] };

/**
 * A venue registration as the gateway keeps it, or every reason it cannot be, each with its JSON
 * pointer: the province (a code or a name, NFC or NFD, with or without diacritics) as its two-digit
 * code; texts NFC, single-spaced, without invisible characters (an empty district, ward or line is
 * dropped; an empty name refused); a transport only for kind `transport`, on a date that exists and
 * lies within a year before and 30 days after `now`; a parent venue the caller may register under
 * (`parentRefusal`: the reason it may not, if any). Messages never repeat the value.
 */
export async function readVenueRegistration(
  body: unknown,
  now: Date,
  parentRefusal: (venueId: string) => Promise<string | undefined>,
): Promise<ReadRegistration> {
  const shaped = validateRegistration(body);
  const reasons: RefusalReason[] = shaped
    ? []
    : schemaReasons(validateRegistration.errors).map((r) =>
        r.code === 'missing' ? { ...r, message: 'is required' } : asDateReason(r, body),
      );
  // What the schema cannot say is checked too, on every field whose shape is right: every reason at once.
  const named = new Set(reasons.map((r) => r.pointer));
  const refuse = (pointer: string, code: RefusalReason['code'], message: string) => {
    if (!named.has(pointer)) reasons.push({ pointer, code, message });
  };
  const given = (isObject(body) ? body : {}) as Partial<Record<keyof VenueRegistration, unknown>>;
  const address = isObject(given.address) ? given.address : {};
  const transport = isObject(given.transport) ? given.transport : undefined;

  const name = typeof given.name === 'string' ? normalizeName(given.name) : undefined;
  if (name === '') refuse('/name', 'missing', 'shows nothing once invisible characters and spaces are removed');
  const province =
    typeof address.province === 'string' || typeof address.province === 'number' ? provinceCode(address.province) : undefined;
  if (province && !province.ok) refuse('/address/province', 'unknown-province', province.message);
  if (transport && given.kind !== 'transport') refuse('/transport', 'not-allowed', 'is only for a venue of kind "transport"');
  const tripDate = typeof transport?.date === 'string' && ISO_DATE.test(transport.date) ? tripDateReason(transport.date, now) : undefined;
  if (tripDate) refuse('/transport/date', 'invalid-date', tripDate);
  const parent = given.parentVenueId;
  const parentRefused = typeof parent === 'string' && VENUE_ID.test(parent) ? await parentRefusal(parent) : undefined;
  if (parentRefused) refuse('/parentVenueId', 'not-allowed', parentRefused);
  if (!shaped || reasons.length > 0 || !province?.ok || !name) return { ok: false, reasons };

  const texts = { district: body.address.district, ward: body.address.ward, line: body.address.line };
  const stored: Venue['address'] = { provinceCode: province.value };
  for (const [field, value] of Object.entries(texts)) {
    const clean = value === undefined ? '' : normalizeName(value);
    if (clean !== '') stored[field as keyof typeof texts] = clean;
  }
  return {
    ok: true,
    draft: {
      name,
      kind: body.kind,
      address: stored,
      ...(body.parentVenueId ? { parentVenueId: body.parentVenueId } : {}),
      defaultStayMinutes: body.defaultStayMinutes ?? DEFAULT_STAY_MINUTES,
      ...(body.transport ? { transport: trip(body.transport) } : {}),
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The number as printed on a ticket, one way: "vj 458" and "VJ  458" are "VJ 458". */
function trip({ vehicle, number, date }: Transport): Transport {
  return { vehicle, number: normalizeName(number).toUpperCase(), date };
}

/**
 * A trip's date in its shape (yyyy-MM-dd) that the schema refuses by its format does not exist
 * (2026-02-30): `invalid-date`, as every other date the gateway reads, not `bad-format`.
 */
function asDateReason(reason: RefusalReason, body: unknown): RefusalReason {
  const date = (body as { transport?: { date?: unknown } } | null)?.transport?.date;
  if (reason.pointer !== '/transport/date' || reason.code !== 'bad-format' || typeof date !== 'string' || !ISO_DATE.test(date))
    return reason;
  const parsed = parseDate(date);
  return parsed.ok ? reason : { pointer: reason.pointer, code: 'invalid-date', message: parsed.message };
}

/** The schema checks that the date exists; here that it is near enough to be a trip someone is on. */
function tripDateReason(date: string, now: Date): string | undefined {
  const earliest = localDateOf(formatIct(now.getTime() - TRIP_DAYS_BACK * DAY_MS));
  const latest = localDateOf(formatIct(now.getTime() + TRIP_DAYS_AHEAD * DAY_MS));
  if (date < earliest) return 'is more than a year before the registration: check the year';
  if (date > latest) return `is more than ${TRIP_DAYS_AHEAD} days after the registration: check the year`;
  return undefined;
}
