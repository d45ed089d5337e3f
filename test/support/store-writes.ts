import type { CanonicalDeclaration, Identifier } from '../../gateway/domain/canonical-declaration';
import type { DeclarationWrite } from '../../gateway/store/gateway-store';
import { KEEP_28_DAYS } from './stores';

/**
 * The store write of `d` linked to `citizenId`, as the ingestion makes it, with the index keys,
 * phone and identifiers given; with a creation key, the write of a new citizen, first QR included
 * (a text of the test's own: the store never reads it).
 */
export function linkedWrite(
  d: CanonicalDeclaration,
  citizenId: string,
  {
    keys = [],
    phone,
    createdUnder,
    identifiers = [],
  }: { keys?: string[]; phone?: string; createdUnder?: string; identifiers?: Identifier[] },
): DeclarationWrite {
  const createdAt = d.source.receivedAt;
  return {
    keepForMs: KEEP_28_DAYS,
    declaration: { ...d, subject: { ...d.subject, citizenId } },
    citizen: {
      citizenId,
      identifiers,
      instance: 'tokhaiyte',
      createdAt,
      ...(createdUnder ? { createdUnder, firstQr: { text: `VNHC1:${citizenId}`, version: 1, kid: 'k1', issuedAt: createdAt } } : {}),
      index: { keys, ...(phone ? { phone } : {}) },
    },
  };
}
