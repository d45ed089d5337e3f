import type { Identifier } from '../../gateway/domain/canonical-declaration';
import { DOCUMENT_SYSTEMS } from './identifier-systems';
import type { LookupSubject } from './upstream';

/**
 * The ways a lookup asks by, each a subject of that identifier alone: those the instance's own
 * records were filed under first (its newest record's first), then the others in the order given
 * (documents strongest first), each once. A phone goes as `phones`, a document as `documents`,
 * anything else as `platformIds`.
 */
export function oneWayEach(subject: LookupSubject, candidates: readonly Identifier[]): LookupSubject[] {
  const key = (id: Identifier) => `${id.system}:${id.value}`;
  const offered = new Set(candidates.map(key));
  const ordered = [...(subject.filedUnder ?? []).filter((id) => offered.has(key(id))), ...candidates];
  const seen = new Set<string>();
  const ways: LookupSubject[] = [];
  for (const id of ordered) {
    if (seen.has(key(id))) continue;
    seen.add(key(id));
    ways.push(alone(subject, id));
  }
  return ways;
}

/** The citizen's phones as identifiers. */
export function phoneIds(phones: readonly string[]): Identifier[] {
  return phones.map((value) => ({ system: 'phone', value }));
}

/** The phones the instance's own records were filed under (declared with a phone and no document). */
export function filedPhones(subject: LookupSubject): Identifier[] {
  return (subject.filedUnder ?? []).filter((id) => id.system === 'phone');
}

function alone(subject: LookupSubject, id: Identifier): LookupSubject {
  const documents = (DOCUMENT_SYSTEMS as readonly string[]).includes(id.system) ? [id] : [];
  const phones = id.system === 'phone' ? [id.value] : [];
  const platformIds = documents.length === 0 && phones.length === 0 ? [id] : [];
  return { documents, phones, platformIds, scopes: subject.scopes };
}
