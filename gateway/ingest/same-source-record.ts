import { isDeepStrictEqual } from 'node:util';
import type { CanonicalDeclaration } from '../domain/canonical-declaration';
import { PASSAGE_FLAGS } from '../domain/passage-flags';
import { JOIN_FLAGS } from '../identity/join-citizen';
import { normalizeName } from '../normalize/names';
import { cleanedIdentifier } from './canonical-input';

/**
 * Whether a submitted record is the one already stored under its source id: the same mapped content,
 * whatever citizen it was linked to, when it arrived, or what the join flagged. A replay may be
 * answered with the stored result only then: a different record under a known (or guessed) id must
 * learn nothing of the stored one.
 */
export function sameSourceRecord(submitted: CanonicalDeclaration, stored: CanonicalDeclaration): boolean {
  const a = contentText(submitted);
  const b = contentText(stored);
  // The same text parses to the same content: a true replay (the common case) is known without
  // parsing both back. A different text may still be the same content (members in another order).
  return a === b || isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
}

/**
 * The content as JSON, as the store keeps it: an absent member and an undefined one are the same.
 * The name and the identifiers as they are stored now (normalizeName, cleanedIdentifier): a canonical
 * record stored before they were cleaned kept them as sent, and its resend, cleaned, is the same record.
 */
function contentText(declaration: CanonicalDeclaration): string {
  const { citizenId: _linkedTo, ...subject } = declaration.subject;
  if (subject.fullName !== undefined) subject.fullName = normalizeName(subject.fullName);
  if (subject.identifiers !== undefined) subject.identifiers = subject.identifiers.map(cleanedIdentifier);
  const { receivedAt: _arrival, ...source } = declaration.source;
  // `refused-at-checkpoint` and `checkpoint-decision-unclear` follow from the checkpoint's decision
  // and reason, compared with the rest: a passage stored before the gateway added them is the same
  // record sent again.
  const flags = declaration.quality.flags.filter((flag) => !JOIN_FLAGS.has(flag) && !PASSAGE_FLAGS.has(flag)).sort();
  return JSON.stringify({ ...declaration, source, subject, quality: { ...declaration.quality, flags } });
}
