import type { QrReference } from '../../adapters';
import type { CanonicalDeclaration } from '../domain/canonical-declaration';
import { declarationIdFor } from '../domain/declaration-id';
import type { GatewayStore } from './gateway-store';

/*
 * A scoped record (a Zalo submission, whose id is unique only within its account) has been stored
 * under an id of its scope too since 2026-11-30 (declarationIdFor). Before, two accounts'
 * submission 1234 had one id: the second was refused as a conflict, and a scan or a check-in of
 * `ZLHD:<second account>:1234` read the first account's record, another person's. A record stored
 * before then is under the id of its record id alone: it is read too, and taken only when its scope
 * is the one asked for. Both functions can go once the longest declaration retention configured
 * (DECLARATION_RETENTION_DAYS) has passed since the release that scoped the ids.
 */

/** The stored record a platform code names: under its scoped id, else stored before ids were scoped and of the same scope. */
export async function storedRecordOf(store: GatewayStore, reference: QrReference): Promise<CanonicalDeclaration | undefined> {
  const { instance, recordId, scope } = reference;
  if (scope === undefined) return store.storedRecord(instance, recordId);
  // Both at once: one wait of the store, whichever holds it.
  const [stored, before] = await Promise.all([store.storedRecord(instance, recordId, scope), store.storedRecord(instance, recordId)]);
  return stored ?? (before?.source.recordScope === scope ? before : undefined);
}

/** The id a scoped record was stored under before ids were scoped; none for an unscoped record, whose id never changed. */
export function unscopedIdOf({ source }: CanonicalDeclaration): string | undefined {
  return source.recordScope === undefined ? undefined : declarationIdFor(source.instance, source.recordId, source.recordVersion);
}
