import { sign, verify, type KeyObject } from 'node:crypto';
import { base64urlJsonObject } from '../domain/base64url-json';

/**
 * Compact JWS in ES256 (RFC 7515, RFC 7518 §3.4) with exactly one valid text per signed content.
 * ECDSA is malleable: if (r, s) verifies, so does (r, n − s), and a standard library accepts both.
 * Base64url is loose too: the spare bits of a segment's last character do not change the bytes.
 * So codes are signed in low-S form, and only low-S signatures in canonical base64url are accepted.
 */

/** The order n of the P-256 group (SEC 2, secp256r1). */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_ORDER = P256_ORDER >> 1n;
/** ES256 signatures are r ‖ s, 32 bytes each (IEEE P1363), never DER. */
const SCALAR_BYTES = 32;
const ECDSA = { dsaEncoding: 'ieee-p1363' } as const;

export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** Signs a payload with a P-256 private key under `kid`; the signature is always in low-S form. */
export function signEs256(kid: string, payload: Record<string, unknown>, key: KeyObject): string {
  const signingInput = `${base64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }))}.${base64url(JSON.stringify(payload))}`;
  const signature = toLowS(sign('sha256', Buffer.from(signingInput), { key, ...ECDSA }));
  return `${signingInput}.${signature.toString('base64url')}`;
}

/**
 * Splits a compact JWS and reads its header and payload as JSON objects, without checking the
 * signature. Undefined when any segment is not canonical base64url or not a JSON object.
 */
export function decodeJws(token: string): DecodedJws | undefined {
  const segments = token.split('.');
  if (segments.length !== 3 || !segments.every(isCanonicalBase64url)) return undefined;
  const [h, p, s] = segments as [string, string, string];
  const header = base64urlJsonObject(h);
  const payload = base64urlJsonObject(p);
  if (!header || !payload) return undefined;
  return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

/** True only for a valid ES256 signature by `key` whose s is at most n/2. */
export function verifiesEs256(jws: DecodedJws, key: KeyObject): boolean {
  if (jws.signature.length !== 2 * SCALAR_BYTES || scalarS(jws.signature) > HALF_ORDER) return false;
  return verify('sha256', Buffer.from(jws.signingInput), { key, ...ECDSA }, jws.signature);
}

/** Whether a compact JWS's signature is in low-S form (cheap: no curve arithmetic, no key). */
export function hasLowS(token: string): boolean {
  const signature = Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
  return signature.length === 2 * SCALAR_BYTES && scalarS(signature) <= HALF_ORDER;
}

/** (r, s) → (r, n − s) when s > n/2: the same signature's one accepted form. */
function toLowS(signature: Buffer): Buffer {
  const s = scalarS(signature);
  if (s <= HALF_ORDER) return signature;
  const low = Buffer.from((P256_ORDER - s).toString(16).padStart(2 * SCALAR_BYTES, '0'), 'hex');
  return Buffer.concat([signature.subarray(0, SCALAR_BYTES), low]);
}

function scalarS(signature: Buffer): bigint {
  return BigInt(`0x${signature.subarray(SCALAR_BYTES).toString('hex')}`);
}

/** Base64url without padding whose spare bits are zero: decoding and re-encoding gives it back. */
function isCanonicalBase64url(segment: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(segment) && Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
