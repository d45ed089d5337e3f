/* Generated from schemas/canonical-declaration.v1.schema.json by `npm run gen:types`. Do not edit:
 * change the schema and regenerate; a test fails when this file and the schema disagree. */

export type Platform = 'tokhaiyte' | 'ncovi' | 'bluezone' | 'zalo' | 'c06' | 'smartcity';
/**
 * RFC 3339 with the offset normalised to +07:00 (Indochina Time).
 */
export type LocalDateTime = string;
export type IdentifierSystem = 'vn-cccd' | 'vn-cmnd' | 'passport' | 'phone' | 'ncovi' | 'zalo' | 'bluezone';
/**
 * Two-digit provincial code in force 2004-2025 (reference/vn-provinces-2021.json).
 */
export type ProvinceCode = string;
export type Symptom =
  | 'fever'
  | 'cough'
  | 'shortness-of-breath'
  | 'sore-throat'
  | 'nausea'
  | 'diarrhoea'
  | 'skin-bleeding'
  | 'skin-rash'
  | 'loss-of-taste-smell';
export type Exposure = 'confirmed-case' | 'suspected-case' | 'from-affected-area' | 'symptomatic-contact';
export type CalendarDate = string;
export type Vehicle = 'plane' | 'ship' | 'road' | 'train' | 'other';
export type QualityFlag =
  | 'id-sex-mismatch'
  | 'id-birthyear-mismatch'
  | 'name-mismatch'
  | 'birthdate-mismatch'
  | 'unlinked'
  | 'refused-at-checkpoint'
  | 'health-answer-unread'
  | 'checkpoint-decision-unclear';

/**
 * The canonical health declaration, version 1 (names and codes from canonical.md; extensions are marked 'extension'). This file is the source of truth: gateway/domain/canonical-declaration.ts is generated from it by `npm run gen:types`, and a test fails when the two differ.
 */
export interface CanonicalDeclaration {
  schemaVersion: '1';
  /**
   * The gateway's id: derived from the source instance and record id, so re-ingesting the same source record gives the same id.
   */
  declarationId: string;
  /**
   * domestic: a health declaration; movement: a checkpoint passage; exposure: an exposure status (Bluezone); venue-checkin: a venue check-in or check-out; community-report (extension): a citizen's report about someone else, never a declaration of the reporter.
   */
  kind: 'domestic' | 'movement' | 'exposure' | 'venue-checkin' | 'community-report';
  source: Source;
  declaredAt: LocalDateTime;
  subject: Subject;
  health?: Health;
  travel?: Travel;
  checkpoint?: Checkpoint;
  venue?: Venue;
  report?: Report;
  quality: Quality;
}
export interface Source {
  platform: Platform;
  instance: string;
  recordId: string;
  /**
   * Extension: a second key the platform needs to find the record again (Zalo's official account).
   */
  recordScope?: string;
  /**
   * Extension: for platforms whose record id names a living record (Bluezone's device status), the version of it that was received.
   */
  recordVersion?: string;
  receivedAt: string;
}
/**
 * Who declared. Any field may be missing on a partial record.
 */
export interface Subject {
  citizenId?: string;
  /**
   * NFC, as written (never invented diacritics).
   */
  fullName?: string;
  /**
   * YYYY-MM-DD, or YYYY where only the year is known.
   */
  birthDate?: string;
  sex?: 'male' | 'female' | 'other' | 'unknown';
  /**
   * ISO 3166-1 alpha-2.
   */
  nationality?: string;
  /**
   * @maxItems 16
   */
  identifiers?: Identifier[];
  address?: Address;
}
export interface Identifier {
  system: IdentifierSystem;
  value: string;
}
export interface Address {
  provinceCode?: ProvinceCode;
  districtCode?: string;
  wardCode?: string;
  line?: string;
}
export interface Health {
  symptoms?: Symptom[];
  exposures?: Exposure[];
  riskLevel?: 'F0' | 'F1' | 'F2' | 'none';
  /**
   * RFC 3339 with the offset normalised to +07:00 (Indochina Time).
   */
  lastContactAt?: string;
}
export interface Travel {
  from?: ProvinceCode;
  to?: ProvinceCode;
  date?: CalendarDate;
  vehicle?: Vehicle;
  vehicleId?: string;
  /**
   * Extension: the declared reason for the trip (C06).
   */
  purpose?: string;
  provincesVisited14d?: ProvinceCode[];
}
export interface Checkpoint {
  checkpointId?: string;
  decision: 'accepted' | 'refused';
  reason?: string;
}
export interface Venue {
  venueId: string;
  direction: 'in' | 'out';
}
/**
 * Extension, for kind community-report: what was reported and where; nothing about the reporter.
 */
export interface Report {
  location?: Address;
}
export interface Quality {
  flags: QualityFlag[];
  /**
   * Source fields the mapping kept but could not place: the JSON pointer in the native record and its value.
   */
  unmapped: {
    pointer: string;
    value: unknown;
  }[];
}
