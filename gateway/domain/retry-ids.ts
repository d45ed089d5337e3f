import { createHash } from 'node:crypto';

/**
 * The id a created thing (a venue, a notice, a revocation) takes when its request carries an Idempotency-Key: the
 * same for every retry of that request, from the caller's key (`<subject>\n<key>`), in the shape of
 * the random ids (16 bytes, base64url). A request whose write reached the store while its answer was
 * lost (a timeout: the client told 503, "never stored twice") is retried with its key freed: with a
 * random id its retry made a second venue; with this one it finds its own first write, and is
 * answered it. Not a secret: the id is public (on a venue's poster), and names no one.
 */
export function idForRetries(prefix: 'ven' | 'ntc' | 'rev', retryKey: string): string {
  const digest = createHash('sha256').update(`${prefix}\n${retryKey}`).digest();
  return `${prefix}_${digest.subarray(0, 16).toString('base64url')}`;
}

/** How long an Idempotency-Key holds its answer (gateway/http/idempotency.ts), and so how long a request's retries come. */
export const RETRY_KEY_LIFE_MS = 24 * 3600 * 1000;

/** Whether something made at `madeAt` may be a retried request's own first write: made within its key's life. */
export function withinRetryKeyLife(madeAt: string, nowMs: number): boolean {
  return nowMs - Date.parse(madeAt) <= RETRY_KEY_LIFE_MS;
}
