import type { CanonicalDeclaration, Platform } from '../../gateway/domain/canonical-declaration';
import { canonicalSchema, describeErrors, validateCanonical } from '../../gateway/domain/canonical-schema';
import { compileQuickCheck } from '../../gateway/domain/quick-schema-check';
import { ConfigError } from '../../gateway/errors/config-error';
import {
  DEFAULT_FUTURE_SKEW_MS,
  type InstanceConfig,
  type MappingOptions,
  type MappingResult,
  type PlatformDefinition,
  type QrReference,
} from './adapter-types';
import type { BreakerSettings } from './breaker-settings';
import type { LookupClient } from './upstream';

/** The canonical schema's quick check (quick-schema-check.ts), compiled once: every mapped declaration goes through it. */
const isCanonicalQuick = compileQuickCheck(canonicalSchema);

/** One configured instance: its platform's pure functions bound to its own settings. */
export class AdapterInstance {
  /** Milliseconds a record's own time may lie after its arrival. */
  readonly futureSkewMs: number;

  constructor(
    readonly config: InstanceConfig,
    private readonly definition: PlatformDefinition,
    options: MappingOptions = {},
  ) {
    this.futureSkewMs = checkedSkew(options.futureSkewMs);
  }

  get name(): string {
    return this.config.name;
  }

  /** Whether a record of this kind can be one of this platform's (PlatformDefinition.kinds). */
  recordsKind(kind: CanonicalDeclaration['kind']): boolean {
    return this.definition.kinds.includes(kind);
  }

  get platform(): Platform {
    return this.config.platform;
  }

  /** Whether `caller` (a token's `sub`) pushes this instance's records: one of its writers, or any caller where none are named. */
  writtenBy(caller: string): boolean {
    return this.config.writers === undefined || this.config.writers.includes(caller);
  }

  get nativeSchema(): object {
    return this.definition.nativeSchema;
  }

  /** The breaker this instance gets: its platform's defaults, with the instance's own overrides. */
  get breaker(): BreakerSettings {
    return { ...this.definition.breaker, ...this.config.breaker };
  }

  /** Calls a second every gateway process together may send this instance: its own setting, else its platform's limit, else none. */
  get rateBudgetPerSecond(): number | undefined {
    return this.config.rateBudgetPerSecond ?? this.definition.rateBudgetPerSecond;
  }

  /**
   * Maps a native record received at `receivedAt` (the gateway's clock, RFC 3339) and checks the
   * result against the canonical schema. A mapping that produces an invalid declaration is a
   * defect in the gateway, not in the record: it throws. `options` override the instance's own
   * (the clock skew), for one call.
   */
  toCanonical(native: unknown, receivedAt: string, options: MappingOptions = {}): MappingResult {
    const futureSkewMs = options.futureSkewMs === undefined ? this.futureSkewMs : checkedSkew(options.futureSkewMs);
    const result = this.definition.toCanonical(native, { instance: this.config, receivedAt, futureSkewMs, bounds: undefined });
    // The quick check first: it says yes only where the validator would, and the validator decides the rest (and says why).
    if (result.ok && !isCanonicalQuick(result.declaration) && !validateCanonical(result.declaration)) {
      throw new Error(`${this.name} mapping produced an invalid declaration: ${describeErrors(validateCanonical.errors).join('; ')}`);
    }
    return result;
  }

  recognizeQr(text: string): QrReference | undefined {
    return this.definition.recognizeQr(text, this.config);
  }

  /** The instance's lookup client, or undefined for an instance configured without a base URL (ingest only). */
  createClient(): LookupClient | undefined {
    const { baseUrl, credentials } = this.config;
    return baseUrl ? this.definition.createClient({ baseUrl, credentials: credentials ?? {} }, this.config) : undefined;
  }
}

/** The configured instances, by name, in configuration order. */
export class AdapterRegistry {
  private readonly byName: ReadonlyMap<string, AdapterInstance>;

  constructor(
    instances: readonly AdapterInstance[],
    /** Milliseconds a declaration's time may lie after its arrival; canonical input is held to it too. */
    readonly futureSkewMs: number = DEFAULT_FUTURE_SKEW_MS,
  ) {
    this.byName = new Map(instances.map((i) => [i.name, i]));
  }

  get(name: string): AdapterInstance | undefined {
    return this.byName.get(name);
  }

  list(): AdapterInstance[] {
    return [...this.byName.values()];
  }

  /** The instance whose QR text this is, and the record it names; undefined for any other text. */
  recognizeQr(text: string): QrReference | undefined {
    for (const instance of this.byName.values()) {
      const reference = instance.recognizeQr(text);
      if (reference) return reference;
    }
    return undefined;
  }
}

/** More than a day between two clocks is a wrong date, not skew: a larger setting is a configuration mistake. */
const MAX_FUTURE_SKEW_MS = 24 * 3600 * 1000;

/** The skew option, or the default; a negative, fractional or larger-than-a-day one is a configuration error. */
export function checkedSkew(futureSkewMs: number | undefined): number {
  if (futureSkewMs === undefined) return DEFAULT_FUTURE_SKEW_MS;
  if (!Number.isSafeInteger(futureSkewMs) || futureSkewMs < 0 || futureSkewMs > MAX_FUTURE_SKEW_MS) {
    throw new ConfigError(
      `futureSkewMs must be a whole number of milliseconds from 0 to ${MAX_FUTURE_SKEW_MS} (a day), not ${futureSkewMs}`,
    );
  }
  return futureSkewMs;
}
