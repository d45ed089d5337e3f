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

/** The declaration as answered to the partner that sent it (an ingest's answer, a read by id): without its citizen when the join is disputed. */
export function shownToSender(declaration: CanonicalDeclaration): CanonicalDeclaration {
  if (!disputedJoin(declaration) || declaration.subject.citizenId === undefined) return declaration;
  const { citizenId: _withheld, ...subject } = declaration.subject;
  return { ...declaration, subject };
}
