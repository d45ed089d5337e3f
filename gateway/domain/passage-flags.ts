import type { QualityFlag } from './canonical-declaration';

/**
 * The flags a checkpoint passage's own decision and reason set, whoever sent it (C06's mapping, a
 * partner in canonical form): `refused-at-checkpoint` for a refusal; `checkpoint-decision-unclear`
 * for a passage accepted with a refusal's reason, which contradicts itself (a checkpoint reads it
 * yellow, within the refusal's window, rather than a green the officer's own reason puts in doubt).
 * Pure.
 */
export function passageFlags(decision: string | undefined, reason: string | undefined): QualityFlag[] {
  if (decision === 'refused') return ['refused-at-checkpoint'];
  return decision === 'accepted' && (reason ?? '').trim() !== '' ? ['checkpoint-decision-unclear'] : [];
}

/**
 * Every flag passageFlags sets: they follow from the record's decision and reason, which are
 * compared and weighed themselves (a resend is judged by them; a checkpoint weighs them within the
 * refusal's window, not a quality flag's 14 days).
 */
export const PASSAGE_FLAGS: ReadonlySet<QualityFlag> = new Set<QualityFlag>(['refused-at-checkpoint', 'checkpoint-decision-unclear']);
