import type { ValidateFunction } from 'ajv';
import type { CanonicalDeclaration, QualityFlag } from '../../gateway/domain/canonical-declaration';
import { declarationIdFor } from '../../gateway/domain/declaration-id';
import { selfConsistencyFlags } from '../../gateway/domain/identity-checks';
import { KeptValues } from '../../gateway/normalize/kept-values';
import type { Parsed } from '../../gateway/normalize/parsed';
import type { MappingContext, MappingResult, ReasonCode, RefusalReason } from './adapter-types';
import { pointerTokens } from './pointer-tokens';
import { carriesPersonalNumber, PERSONAL_NUMBER_IN_ID } from './record-ids';
import { MAX_REASONS, moreReasons, schemaReasons } from './schema-reasons';

/** Why a member a platform's schema requires is wanted: the platform always sends it. */
const PLATFORM_SENDS_IT = 'is required: the platform always sends this field';

/**
 * The parts of a declaration a mapping supplies; `finish` adds the id, version, source and quality.
 * `declaredAt` is undefined when it could not be read, and the reader then holds the reason why.
 */
export type DeclarationBody = Omit<CanonicalDeclaration, 'schemaVersion' | 'declarationId' | 'source' | 'quality' | 'declaredAt'> & {
  declaredAt: string | undefined;
};

/**
 * Reads one native record for a mapping: values by JSON pointer (so every reason names the field
 * it is about), the native schema's reasons first, then the mapping's own, all collected so that
 * a refusal lists every reason at once. Reading never throws: a value of the wrong type reads as
 * absent, and the schema has already said why.
 */
export class NativeReader {
  private readonly reasons: RefusalReason[] = [];
  /** The fields with a reason already (a lookup, not a walk of the list: 60,000 reasons made that 11 s). */
  private readonly refused = new Set<string>();
  /** Reasons past MAX_REASONS: counted, not listed. */
  private unlisted = 0;
  // Made at the first value kept or flag raised: most records have neither.
  private unmapped: KeptValues | undefined;
  private flags: Set<QualityFlag> | undefined;

  /** The record is not an object (a line `[1,2]`, `42`): the schema's one reason says all; each field read after it would add a "missing". */
  private readonly notARecord: boolean;

  constructor(
    private readonly record: unknown,
    validate: ValidateFunction,
  ) {
    this.notARecord = record === null || typeof record !== 'object' || Array.isArray(record);
    if (!validate(record)) for (const reason of schemaReasons(validate.errors, Infinity, PLATFORM_SENDS_IT)) this.list(reason);
  }

  /** The value at a JSON pointer (`/dia_chi/tinh`), or undefined. */
  at(pointer: string): unknown {
    const tokens = pointerTokens(pointer);
    let node: unknown = this.record;
    for (let i = 0; i < tokens.length; i += 1) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string, unknown>)[tokens[i] as string];
    }
    return node;
  }

  /** A string with surrounding space trimmed; undefined when absent, empty or not a string. */
  text(pointer: string): string | undefined {
    return trimmedText(this.at(pointer));
  }

  number(pointer: string): number | undefined {
    const value = this.at(pointer);
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }

  boolean(pointer: string): boolean | undefined {
    const value = this.at(pointer);
    return typeof value === 'boolean' ? value : undefined;
  }

  array(pointer: string): unknown[] {
    const value = this.at(pointer);
    return Array.isArray(value) ? value : [];
  }

  /** Reads the text or number at `pointer` through a normaliser; a failure becomes a reason. */
  parse<T>(pointer: string, code: ReasonCode, parser: (value: string) => Parsed<T>): T | undefined {
    const value = this.at(pointer);
    if (typeof value === 'number' && Number.isFinite(value)) return this.accept(pointer, code, parser(String(value)));
    const text = trimmedText(value);
    return text === undefined ? undefined : this.accept(pointer, code, parser(text));
  }

  /**
   * Like `parse`, for a field the platform always sends: absent, null or blank is refused as
   * missing (a blank string passes a `type: string` schema, and would otherwise read as absent).
   */
  parseRequired<T>(pointer: string, code: ReasonCode, parser: (value: string) => Parsed<T>): T | undefined {
    return this.required(pointer, this.parse(pointer, code, parser));
  }

  /** `value` as read from the field at `pointer`; when there is none, a `missing` reason (unless the field already has one). */
  required<T>(pointer: string, value: T | undefined): T | undefined {
    if (value === undefined) this.refuse(pointer, 'missing', 'is required and must not be blank: the platform always sends this field');
    return value;
  }

  /** Records a normaliser's outcome for the field at `pointer`. */
  accept<T>(pointer: string, code: ReasonCode, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.refuse(pointer, code, parsed.message);
    return undefined;
  }

  /** Adds a reason, unless the schema already gave one for the same field. */
  refuse(pointer: string, code: ReasonCode, message: string): void {
    if (!this.refused.has(pointer)) this.list({ pointer, code, message });
  }

  /** A reason listed, or past MAX_REASONS counted. */
  private list(reason: RefusalReason): void {
    if (this.notARecord && this.reasons.length > 0) return;
    this.refused.add(reason.pointer);
    if (this.reasons.length < MAX_REASONS) this.reasons.push(reason);
    else this.unlisted += 1;
  }

  /** Keeps a value the mapping could not place, so that what the citizen declared is not lost: bounded (gateway/normalize/kept-values.ts). */
  keep(pointer: string, value: unknown): void {
    (this.unmapped ??= new KeptValues()).add(pointer, value);
  }

  /**
   * Keeps a health answer the mapping could not read (a symptom word or a yes/no it does not know),
   * and flags the record `health-answer-unread`: a checkpoint then says yellow, check the person,
   * where the unread answer was green (a contact "Có tiếp xúc", a "sốt nhẹ" were none).
   */
  unreadHealth(pointer: string, value: unknown): void {
    this.keep(pointer, value);
    this.flag('health-answer-unread');
  }

  flag(flag: QualityFlag): void {
    (this.flags ??= new Set()).add(flag);
  }

  /** The declaration, or the refusal with every reason collected. */
  finish(
    context: MappingContext,
    recordId: string | undefined,
    body: DeclarationBody,
    keys: { recordVersion?: string; recordScope?: string; idAt?: string } = {},
  ): MappingResult {
    // A record id is shown in QR codes (TKYT:, C06Q:...), which never carry personal data.
    if (recordId !== undefined && carriesPersonalNumber(recordId, body.subject.identifiers ?? []))
      this.refuse(keys.idAt ?? '', 'not-allowed', PERSONAL_NUMBER_IN_ID);
    // The schemas require every record id and the mappings give a reason for every time they cannot
    // read; these checks are for the type system, and so that no gap can ever produce a declaration without them.
    if (recordId === undefined && this.reasons.length === 0) this.refuse('', 'missing', 'the record has no id of its own');
    if (body.declaredAt === undefined && this.reasons.length === 0) this.refuse('', 'missing', 'the record has no time of declaration');
    if (this.reasons.length > 0 || recordId === undefined || body.declaredAt === undefined)
      return { ok: false, reasons: this.unlisted === 0 ? this.reasons : [...this.reasons, moreReasons(this.unlisted)] };
    for (const flag of selfConsistencyFlags(body.subject)) this.flag(flag);
    const { instance } = context;
    // Written member by member as prune(declaration) would leave it (undefined members dropped,
    // objects pruned, the same order): the literal with its undefined members was copied whole by
    // prune at every record, and its source too.
    const source: Record<string, unknown> = {};
    put(source, 'platform', instance.platform);
    put(source, 'instance', instance.name);
    put(source, 'recordId', recordId);
    put(source, 'recordScope', keys.recordScope);
    put(source, 'recordVersion', keys.recordVersion);
    put(source, 'receivedAt', context.receivedAt);
    const declaration: Record<string, unknown> = {};
    put(declaration, 'schemaVersion', '1');
    put(declaration, 'declarationId', declarationIdFor(instance.name, recordId, keys.recordVersion, keys.recordScope));
    put(declaration, 'kind', body.kind);
    put(declaration, 'source', source);
    put(declaration, 'declaredAt', body.declaredAt);
    put(declaration, 'subject', body.subject);
    put(declaration, 'health', body.health);
    put(declaration, 'travel', body.travel);
    put(declaration, 'checkpoint', body.checkpoint);
    put(declaration, 'venue', body.venue);
    put(declaration, 'report', body.report);
    put(declaration, 'quality', {
      flags: this.flags === undefined ? [] : [...this.flags],
      unmapped: this.unmapped === undefined ? [] : this.unmapped.list(),
    });
    return { ok: true, declaration: declaration as unknown as CanonicalDeclaration };
  }
}

/** A string with surrounding space trimmed; undefined when absent, empty or not a string. */
function trimmedText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Sets `out[key]` to `value` as `prune` keeps a member: an object pruned, nothing when undefined or left empty. */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  const kept = prunedMember(key, value);
  if (kept !== undefined) out[key] = kept;
}

/** A member as prune keeps it: an object pruned (the subject kept even empty), anything else as it is. */
function prunedMember(key: string, value: unknown): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? prune(value as Record<string, unknown>, key === 'subject')
    : value;
}

/**
 * Drops undefined members and objects left empty, so a partial record has no empty shells; the
 * subject stays, even empty (a community report has none). Arrays stay as given, and are not looked
 * into: an empty symptom list is an answer ("none"), not an absence. The members keep their order.
 * Undefined for an object left empty, so that its parent needs no second look at it. An object
 * with nothing to drop is kept as it is rather than copied: every object here is one the mapping
 * built for this record alone.
 */
function prune(source: Readonly<Record<string, unknown>>, keepEmpty: boolean): Record<string, unknown> | undefined {
  const keys = Object.keys(source);
  let out: Record<string, unknown> | undefined;
  let kept = 0;
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    const value = source[key];
    const pruned = prunedMember(key, value);
    if ((pruned === undefined || pruned !== value) && out === undefined) out = copyOfFirst(source, keys, i);
    if (pruned === undefined) continue;
    if (out !== undefined) out[key] = pruned;
    kept += 1;
  }
  if (kept === 0 && !keepEmpty) return undefined;
  return out ?? (source as Record<string, unknown>);
}

/** A new object with the first `count` members of `source`, the ones kept as they were before the first change. */
function copyOfFirst(source: Readonly<Record<string, unknown>>, keys: readonly string[], count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i += 1) out[keys[i] as string] = source[keys[i] as string];
  return out;
}
