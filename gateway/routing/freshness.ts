import type { CanonicalDeclaration } from '../domain/canonical-declaration';
import type { Retention } from '../domain/retention';

/**
 * A platform's answer for one subject, as this process last received it: the declaration (null
 * when the platform said it holds none), when it came, and until when it may be held at all.
 */
export interface HeldAnswer {
  declaration: CanonicalDeclaration | null;
  receivedAt: number;
  /** Past this nothing may be served from it: its declaration's retention, or the window it was kept for. */
  keptUntil: number;
}

/**
 * Whether an answer received at `receivedAt` may stand in for a call at `now`: within the
 * instance's freshness window (`windowMs` 0: never) and still held. Pure: the clock is passed in.
 * An answer from the future (another process's clock, a clock stepped back) is not fresh: its age
 * cannot be told.
 */
export function isFresh(answer: HeldAnswer, windowMs: number, now: number): boolean {
  const age = now - answer.receivedAt;
  return windowMs > 0 && age >= 0 && age < windowMs && now < answer.keptUntil;
}

/** How old an answer is at `now`, in whole seconds, as the verify answer states it. */
export function ageSeconds(receivedAt: number, now: number): number {
  return Math.max(0, Math.round((now - receivedAt) / 1000));
}

/**
 * Until when an answer received at `receivedAt` may be held for `holdMs`: never past its
 * declaration's retention (DECLARATION_RETENTION_DAYS counts from the time it speaks of), so a
 * cached platform answer goes with the declaration it holds. A not-found holds nothing personal.
 */
export function keptUntil(declaration: CanonicalDeclaration | null, receivedAt: number, holdMs: number, retention: Retention): number {
  const held = receivedAt + holdMs;
  return declaration ? Math.min(held, retention.endOf(declaration.declaredAt)) : held;
}

/**
 * What tells two answers of a platform apart. The mapping stamps every answer with the time it was
 * received (`source.receivedAt`), which is not the platform's news: the rest is.
 */
export function answerFingerprint(declaration: CanonicalDeclaration | null): string {
  if (!declaration) return '';
  const { receivedAt: _stamp, ...source } = declaration.source;
  return JSON.stringify({ ...declaration, source });
}
