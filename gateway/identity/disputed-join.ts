import type { CanonicalDeclaration } from '../domain/canonical-declaration';

/**
 * A record joined to its citizen by a key (a CCCD) while its name or birth date disagrees with what
 * the citizen's other records say. Its sender is not told who that citizen is: anyone who knows a
 * person's CCCD, a structured and guessable number, could otherwise send a record with made-up name
 * and birth date and be handed the citizen's id and unified QR, and through them the real name at a
 * scan and the citizen's other platforms.
 */
export function disputedJoin(declaration: CanonicalDeclaration): boolean {
  return declaration.quality.flags.some((flag) => flag === 'name-mismatch' || flag === 'birthdate-mismatch');
}

/**
 * Whether a record's sender is told who its citizen is (the id, and with it the unified QR, then
 * the name at a scan): only when the record names the person, as the citizen's other records do.
 * Never for a disputed join, and never for a record that names nobody: a CCCD, a phone or another
 * platform's id (read off that platform's QR) alone carries no name that could disagree, so without
 * this anyone who knows one of them was handed the person's QR; and a citizen such a record creates
 * would be named later by the person's own records, under a QR its sender already holds.
 */
export function citizenShownToSender(declaration: CanonicalDeclaration): boolean {
  const { citizenId, fullName } = declaration.subject;
  return citizenId !== undefined && fullName !== undefined && fullName.trim() !== '' && !disputedJoin(declaration);
}

/** The declaration as answered to the partner that sent it (an ingest's answer, a read by id): without its citizen unless citizenShownToSender. */
export function shownToSender(declaration: CanonicalDeclaration): CanonicalDeclaration {
  if (citizenShownToSender(declaration) || declaration.subject.citizenId === undefined) return declaration;
  const { citizenId: _withheld, ...subject } = declaration.subject;
  return { ...declaration, subject };
}
