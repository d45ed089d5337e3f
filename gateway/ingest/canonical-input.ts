import {
  carriesPersonalNumber,
  PERSONAL_NUMBER_IN_ID,
  schemaReasons,
  type AdapterRegistry,
  type MappingResult,
  type RefusalReason,
} from '../../adapters';

import type { CanonicalDeclaration, Identifier } from '../domain/canonical-declaration';
import { canonicalSchema } from '../domain/canonical-schema';
import { declarationIdFor } from '../domain/declaration-id';
import { SECOND_CCCD, secondCccds, selfConsistencyFlags } from '../domain/identity-checks';
import { passageFlags } from '../domain/passage-flags';
import { compileSchema } from '../domain/schema-compiler';
import { JOIN_FLAGS } from '../identity/join-citizen';
import { parseBirthDate, parseDateTime } from '../normalize/dates';
import { decodeCccd, withoutSeparators } from '../normalize/documents';
import { KeptValues } from '../normalize/kept-values';
import { normalizeName } from '../normalize/names';
import { isCountry } from '../normalize/nationalities';
import { provinceByCode } from '../normalize/provinces';
import { toE164 } from '../normalize/phones';
import { andThen, type Parsed } from '../normalize/parsed';
import { pastInstant, timeBounds, travelDate, type TimeBounds } from '../normalize/time-bounds';

/**
 * A partner that speaks the canonical form sends a declaration without the gateway's parts: no
 * `declarationId` (derived from the source), no `source.receivedAt` (the gateway's clock), no
 * `subject.citizenId` (the join decides). Everything else is the canonical schema, unchanged.
 */
const inputSchema = (() => {
  const schema = structuredClone(canonicalSchema) as any;
  schema.$id = schema.$id.replace('canonical-declaration', 'canonical-declaration-input');
  schema.required = schema.required.filter((field: string) => field !== 'declarationId');
  schema.$defs.Source.required = schema.$defs.Source.required.filter((field: string) => field !== 'receivedAt');
  delete schema.$defs.Subject.properties.citizenId;
  return schema;
})();
const validateInput = compileSchema<CanonicalDeclaration>(inputSchema);

/**
 * A canonical declaration posted directly, held to what a mapping is held to: a configured
 * instance, times that exist (no leap second), none after its arrival beyond the registry's clock
 * skew nor before 1900, a name cleaned as a mapper cleans it, and a bounded copy of its unmapped
 * values. Every reason at once.
 */
export function readCanonicalInput(body: unknown, registry: AdapterRegistry, receivedAt: string): MappingResult {
  if (!validateInput(body)) {
    return { ok: false, reasons: schemaReasons(validateInput.errors) };
  }
  const reasons = timeReasons(body, timeBounds(receivedAt, registry.futureSkewMs));
  // The name as a mapper stores it (NFC, single spaces, no invisible characters): a zero-width space
  // must not make the same person another citizen, nor a direction mark turn a name around on screen.
  const fullName = body.subject.fullName === undefined ? undefined : normalizeName(body.subject.fullName);
  if (fullName === '') reasons.push({ pointer: '/subject/fullName', code: 'invalid-value', message: 'must hold a visible character' });
  const identifiers = cleanedIdentifiers(body, reasons);
  reasons.push(...secondCccds(identifiers ?? []).map((i) => ({ pointer: `/subject/identifiers/${i}`, ...SECOND_CCCD })));
  reasons.push(...controlCharacterReasons(body), ...placeReasons(body));
  // The record id is shown in its platform's QR code, as a mapped record's is (NativeReader.finish).
  if (carriesPersonalNumber(body.source.recordId, identifiers ?? []))
    reasons.push({
      pointer: '/source/recordId',
      code: 'not-allowed',
      message: PERSONAL_NUMBER_IN_ID,
    });
  const instance = registry.get(body.source.instance);
  if (!instance || instance.platform !== body.source.platform) {
    reasons.unshift({
      pointer: '/source/instance',
      code: 'not-allowed',
      message: 'must be a configured instance of the platform named in /source/platform',
    });
  } else if (!instance.recordsKind(body.kind)) {
    reasons.unshift({ pointer: '/kind', code: 'not-allowed', message: `is never the kind of a ${instance.platform} record` });
  }
  if (reasons.length > 0) return { ok: false, reasons };
  const source = { ...body.source, receivedAt };
  // The join's flags are the gateway's to set; the partner's own flags and unmapped fields stay, bounded.
  // A refused passage, or one accepted with a refusal's reason, is flagged as C06's mapping flags
  // it, whoever sent it in canonical form.
  const refused = passageFlags(body.checkpoint?.decision, body.checkpoint?.reason);
  const flags = [...new Set([...body.quality.flags.filter((f) => !JOIN_FLAGS.has(f)), ...selfConsistencyFlags(body.subject), ...refused])];
  const unmapped = new KeptValues();
  for (const { pointer, value } of body.quality.unmapped) unmapped.add(pointer, value);
  return {
    ok: true,
    declaration: {
      ...body,
      subject: {
        ...body.subject,
        ...(fullName === undefined ? {} : { fullName }),
        ...(identifiers === undefined ? {} : { identifiers }),
      },
      declarationId: declarationIdFor(source.instance, source.recordId, source.recordVersion, source.recordScope),
      source,
      quality: { flags, unmapped: unmapped.list() },
    },
  };
}

/**
 * Codes of places the schema holds to their shape alone (two digits, two capitals), held to what
 * they name, as a mapping is (canonical.md: a province that matches nothing is refused): one of the
 * 63 provinces, and a country. Stored, `99` was a province no policy, venue or tracer could place.
 */
function placeReasons(body: CanonicalDeclaration): RefusalReason[] {
  const provinces: [string, string | undefined][] = [
    ['/subject/address/provinceCode', body.subject.address?.provinceCode],
    ['/travel/from', body.travel?.from],
    ['/travel/to', body.travel?.to],
    ...(body.travel?.provincesVisited14d ?? []).map((code, i): [string, string] => [`/travel/provincesVisited14d/${i}`, code]),
  ];
  const reasons: RefusalReason[] = provinces
    .filter(([, code]) => code !== undefined && !provinceByCode(code))
    .map(([pointer]) => ({ pointer, code: 'unknown-province', message: 'is not one of the 63 province codes' }));
  const { nationality } = body.subject;
  if (nationality !== undefined && !isCountry(nationality))
    reasons.push({ pointer: '/subject/nationality', code: 'invalid-value', message: 'is not an ISO 3166-1 alpha-2 country code' });
  return reasons;
}

/**
 * The identifiers as a mapping writes them, where they read as such (cleanedIdentifier), a CCCD held
 * to its shape: 12 digits under a province code, else refused at its value. The join keys them: a
 * CCCD with spaces was another key, another citizen. Anything else that does not read stays as sent
 * (a foreign phone, a passport of digits, a 12-digit CMND of 2012-2016).
 */
function cleanedIdentifiers(body: CanonicalDeclaration, reasons: RefusalReason[]): Identifier[] | undefined {
  return body.subject.identifiers?.map((given, i) => {
    const id = cleanedIdentifier(given);
    const cccd = id.system === 'vn-cccd' ? decodeCccd(id.value) : undefined;
    if (cccd && !cccd.ok) reasons.push({ pointer: `/subject/identifiers/${i}/value`, code: 'invalid-document', message: cccd.message });
    return id;
  });
}

/** A tab, a line break or another control character: no id means one (a native id's schema allows none). */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The ids a partner may write freely (identifier values, the record's id, version and scope) hold no control
 * character: opaque, but printable. The store keeps an identifier as `system<TAB>value` in a set;
 * a value holding tabs read back as another member's shape (a review forged a pair that way).
 */
function controlCharacterReasons(body: CanonicalDeclaration): RefusalReason[] {
  const given: [string, string | undefined][] = [
    ['/source/recordId', body.source.recordId],
    // Each goes into the declaration id's hash, line by line: a line break in a version made an
    // unscoped record's id a scoped one's (a review took a Zalo account's record id that way).
    ['/source/recordVersion', body.source.recordVersion],
    ['/source/recordScope', body.source.recordScope],
    ...(body.subject.identifiers ?? []).map((id, i): [string, string] => [`/subject/identifiers/${i}/value`, id.value]),
  ];
  return given
    .filter(([, value]) => value !== undefined && CONTROL_CHARACTER.test(value))
    .map(([pointer]) => ({
      pointer,
      code: 'invalid-value',
      message: 'holds a control character (a tab, a line break): an id is printable text',
    }));
}

/**
 * An identifier as a mapping writes it, where it reads as one: a CCCD or CMND of digits without its
 * separators, a Vietnamese phone in E.164; anything else as it was given. Also how a stored record's
 * identifiers are compared with a resend's (same-source-record.ts): a record stored before canonical
 * identifiers were cleaned is the same record as its cleaned resend.
 */
export function cleanedIdentifier(id: Identifier): Identifier {
  if (id.system === 'phone') {
    const phone = toE164(id.value);
    return phone.ok ? { ...id, value: phone.value } : id;
  }
  if (id.system === 'vn-cccd' || id.system === 'vn-cmnd') {
    const digits = withoutSeparators(id.value);
    return /^\d+$/.test(digits) ? { ...id, value: digits } : id;
  }
  return id;
}

/** The schema checks a time's shape; these check that it exists and is not in the future or before 1900. */
function timeReasons(body: CanonicalDeclaration, bounds: TimeBounds): RefusalReason[] {
  const instant = (time: string) => andThen(parseDateTime(time), (t) => pastInstant(t, bounds));
  const checks: [string, string | undefined, (value: string) => Parsed<string>][] = [
    ['/declaredAt', body.declaredAt, instant],
    ['/health/lastContactAt', body.health?.lastContactAt, instant],
    ['/travel/date', body.travel?.date, (date) => travelDate(date, bounds)],
    ['/subject/birthDate', body.subject.birthDate, (date) => parseBirthDate(date, bounds.today)],
  ];
  return checks.flatMap(([pointer, value, check]) => {
    const checked = value === undefined ? undefined : check(value);
    return checked && !checked.ok ? [{ pointer, code: 'invalid-date' as const, message: checked.message }] : [];
  });
}
