/**
 * A time to keep as Redis's PX takes it: a whole number of milliseconds, at least one. Redis
 * refuses PX 0, so a write due to expire at once is kept a millisecond.
 */
export function pxFor(keepForMs: number): number {
  return Math.max(1, Math.ceil(keepForMs));
}
