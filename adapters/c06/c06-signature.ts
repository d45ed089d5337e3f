import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * C06's mutual-trust signature: HMAC-SHA256, with the shared secret, over the method, the path and
 * the Date header, one per line, base64. The same function signs (the client) and checks (the
 * sandbox's simulator), so the two cannot disagree on the string.
 */
export function c06Signature(secret: string, method: string, path: string, date: string): string {
  return createHmac('sha256', secret).update(`${method.toUpperCase()}\n${path}\n${date}`).digest('base64');
}

export function c06SignatureMatches(secret: string, method: string, path: string, date: string, given: string): boolean {
  const expected = Buffer.from(c06Signature(secret, method, path, date));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
