import type { CanonicalDeclaration, Platform } from '../../gateway/domain/canonical-declaration';
import type { TimeBounds } from '../../gateway/normalize/time-bounds';
import type { BreakerSettings } from './breaker-settings';
import type { PlatformIdentifier } from './identifier-systems';
import type { LookupClient, PlatformConnection } from './upstream';

/**
 * Why a native record was refused. `pointer` is the JSON pointer of the native field at fault
 * ("" for the record itself); `code` comes from a closed set (it is a metric label later);
 * `message` tells a partner developer what to change. Messages never repeat a personal value.
 */
export interface RefusalReason {
  pointer: string;
  code: ReasonCode;
  message: string;
}

export type ReasonCode =
  | 'missing'
  | 'wrong-type'
  | 'not-allowed'
  | 'bad-format'
  | 'invalid-date'
  | 'invalid-phone'
  | 'invalid-document'
  | 'unknown-province'
  | 'invalid-value'
  /** Older than the gateway keeps a declaration (DECLARATION_RETENTION_DAYS). */
  | 'past-retention';

export type MappingResult = { ok: true; declaration: CanonicalDeclaration } | { ok: false; reasons: RefusalReason[] };

/** One configured adapter instance: a platform deployment with its own name and settings. */
export interface InstanceConfig {
  /** The instance's name, as used in routes and metrics (`smartcity-hanoi`). */
  name: string;
  platform: Platform;
  /** SmartCity only: the city's slug in the platform's paths and QR texts (`hanoi`). */
  city?: string;
  /** SmartCity only: the two-digit province code of the city; records do not carry it. */
  provinceCode?: string;
  /** Where the platform's lookup API is; without it the instance is ingest-only (no lookups). */
  baseUrl?: string;
  /** What the platform expects: `apiKey`, `token` (NCOVI), or `clientId` and `secret` (C06). */
  credentials?: Record<string, string>;
  /** Overrides of the platform's breaker defaults (its definition's `breaker`). */
  breaker?: Partial<BreakerSettings>;
  /** Seconds a citizen's answer from this instance stands in for a call (0: always call); VERIFY_FRESHNESS_SECONDS when not given. */
  freshnessSeconds?: number;
  /** Calls a second to this instance from every gateway process together; the platform's own limit when not given (Zalo's 50 a key), else none. */
  rateBudgetPerSecond?: number;
  /**
   * The callers (access tokens' `sub`) that push this instance's records and may read them back by
   * id; none when empty. Not given (the sandbox): any caller with `declarations:write`. Production
   * requires it: a caller must not take another platform's record ids, nor read its records.
   */
  writers?: string[];
}

/**
 * How far after its arrival a record's own time may be, by default: platform clocks and the
 * gateway's drift apart by seconds, sometimes minutes; more than that is a wrong date, not skew.
 */
export const DEFAULT_FUTURE_SKEW_MS = 5 * 60 * 1000;

/** Settings of the mapping that come from configuration rather than from an instance. */
export interface MappingOptions {
  /** Milliseconds a record's time may lie after its arrival (DEFAULT_FUTURE_SKEW_MS when not given). */
  futureSkewMs?: number;
}

/** What a mapping may know besides the record: which instance sent it, when it arrived, how much clock skew to allow. */
export interface MappingContext {
  instance: InstanceConfig;
  /** RFC 3339; the mapping never reads the clock itself: "now" is this. */
  receivedAt: string;
  /** Milliseconds a time stated by the record may lie after `receivedAt` before it is refused as in the future. */
  futureSkewMs: number;
  /** The time bounds of `receivedAt` and `futureSkewMs`, made by the record's first time field and kept for its others (time-fields.ts). */
  bounds?: TimeBounds;
}

/** A platform QR text, recognised: which instance holds the record, and its id there. */
export interface QrReference {
  instance: string;
  recordId: string;
  /** A second key some platforms need to find the record (Zalo's official account). */
  scope?: string;
}

/**
 * Everything the gateway knows of one platform, in one object its adapter folder exports and the
 * registry (adapters/index.ts) lists: the gateway asks this, never a list of platforms of its own.
 */
export interface PlatformDefinition {
  platform: Platform;
  /** The platform's native record schema (JSON Schema 2020-12), from `schemas/`. */
  nativeSchema: object;
  /** Native record to canonical declaration, or every reason it cannot be one. Pure. */
  toCanonical(native: unknown, context: MappingContext): MappingResult;
  /** Recognises this instance's QR text; undefined when the text is not one of its codes. */
  recognizeQr(text: string, instance: InstanceConfig): QrReference | undefined;
  /** The lookup API client of one instance. */
  createClient(connection: PlatformConnection, instance: InstanceConfig): LookupClient;
  /** The breaker's defaults, from the platform's behaviour (platforms.md); an instance may override them. */
  breaker: BreakerSettings;
  /** The platform's own rate limit on a key, in calls a second, where it states one (platforms.md); an instance may set its own. */
  rateBudgetPerSecond?: number;
  /**
   * What its records are: the kinds its mapping makes. A canonical record sent for one of its
   * instances must be one of them (check-ins come through /v1/checkins, never as declarations): a
   * `community-report` under a tokhaiyte id made a scan of that declaration's code "not a declaration".
   */
  kinds: readonly CanonicalDeclaration['kind'][];
  /** The platform's own identifier systems (none for a platform that knows people by their documents only). */
  identifiers: readonly PlatformIdentifier[];
  /** Its deployments of 2021: the instances the gateway runs when configuration names none. */
  defaultInstances: readonly Omit<InstanceConfig, 'platform'>[];
}
