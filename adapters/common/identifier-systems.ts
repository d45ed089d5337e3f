import type { Identifier, IdentifierSystem } from '../../gateway/domain/canonical-declaration';
import type { DocumentSystem } from '../../gateway/normalize/documents';
import type { LookupSubject } from './upstream';

/**
 * An identifier system a platform issues: its own id for a person or a device. A later record
 * carrying the same id joins the citizen of the first (canonical.md's platform-id rule).
 */
export interface PlatformIdentifier {
  /** The name in `subject.identifiers`, and in the IdentifierSystem enum generated from the registry. */
  system: IdentifierSystem;
  /**
   * What one id stands for, which ranks it among the platform ids: a `person` id belongs to one
   * person (their declaration, their Zalo account); a `device` id may pass between the members of
   * a family, so it ranks after every person id.
   */
  names: 'person' | 'device';
  /**
   * Whether the platform's lookup asks by it for a citizen's newest record (LookupSubject.platformIds).
   * An id that names one record rather than its owner cannot find their newest, so it is not asked by.
   */
  lookup: boolean;
}

/** The documents every platform may carry, strongest first: they join before anything else. */
export const DOCUMENT_SYSTEMS: readonly DocumentSystem[] = ['vn-cccd', 'vn-cmnd', 'passport'];

/** One identifier system: a document, the phone, or a platform's own id. */
export type IdentifierSystemEntry =
  { system: DocumentSystem; kind: 'document' } | { system: 'phone'; kind: 'phone' } | (PlatformIdentifier & { kind: 'platform' });

/**
 * Every identifier system the registry's platforms know, strongest first: the documents, the
 * phone, then the platforms' own ids, person ids before device ids and each in the registry's
 * order. The order is a citizen's (their identifiers are listed in it) and the one platform keys
 * are tried in; identity keys, the lookup subject and the schemas' enums all read it from here.
 */
export class IdentifierSystems {
  readonly entries: readonly IdentifierSystemEntry[];
  private readonly rankOf: ReadonlyMap<string, number>;
  private readonly byName: ReadonlyMap<string, IdentifierSystemEntry>;

  constructor(platforms: readonly { identifiers: readonly PlatformIdentifier[] }[]) {
    const own = platforms.flatMap((p) => p.identifiers);
    this.entries = [
      ...DOCUMENT_SYSTEMS.map((system) => ({ system, kind: 'document' as const })),
      { system: 'phone', kind: 'phone' },
      ...[...own.filter((id) => id.names === 'person'), ...own.filter((id) => id.names === 'device')].map((id) => ({
        ...id,
        kind: 'platform' as const,
      })),
    ];
    this.rankOf = new Map(this.entries.map((e, i) => [e.system, i]));
    this.byName = new Map(this.entries.map((e) => [e.system, e]));
  }

  /** The system names, strongest first: the IdentifierSystem enum. */
  names(): string[] {
    return this.entries.map((e) => e.system);
  }

  /** A system's place in the order (0 the strongest); a system no platform knows sorts last. */
  rank(system: string): number {
    return this.rankOf.get(system) ?? this.entries.length;
  }

  /** What kind of identifier a system is: a document, the phone, a platform's own id; undefined for one no platform knows. */
  kindOf(system: string): IdentifierSystemEntry['kind'] | undefined {
    return this.byName.get(system)?.kind;
  }

  /** The platforms' own ids among `ids`, strongest first. */
  platformIds(ids: readonly Identifier[]): Identifier[] {
    return ids.filter((id) => this.byName.get(id.system)?.kind === 'platform').sort((a, b) => this.rank(a.system) - this.rank(b.system));
  }

  /** What a platform can be asked by for a citizen's newest record: documents, phones, the ids its lookup asks by, and the scopes seen. */
  lookupSubject(
    ids: readonly Identifier[],
    scopes: string[],
    filedUnder: Identifier[] = [],
    scopedIds: LookupSubject['scopedIds'] = [],
  ): LookupSubject {
    const kind = (id: Identifier) => this.byName.get(id.system);
    return {
      documents: ids.filter((id) => kind(id)?.kind === 'document'),
      phones: ids.filter((id) => kind(id)?.kind === 'phone').map((id) => id.value),
      platformIds: ids.filter((id) => {
        const entry = kind(id);
        return entry?.kind === 'platform' && entry.lookup;
      }),
      scopes,
      filedUnder,
      scopedIds,
    };
  }
}
