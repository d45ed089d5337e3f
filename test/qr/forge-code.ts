import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** The order n of P-256: (r, s) and (r, n − s) are both valid ECDSA signatures of the same content. */
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

const split = (code: string) => {
  const token = code.slice('VNHC1:'.length);
  const dot = token.lastIndexOf('.');
  return { signingInput: token.slice(0, dot), signature: Buffer.from(token.slice(dot + 1), 'base64url') };
};

/** The s half of a unified QR's ES256 signature. */
export function sOf(code: string): bigint {
  return BigInt(`0x${split(code).signature.subarray(32).toString('hex')}`);
}

/** The same code (unified or venue: its prefix kept) with s replaced by n − s: still a mathematically valid signature. */
export function sTwin(code: string): string {
  const { signingInput, signature } = split(code);
  const s = Buffer.from((P256_ORDER - sOf(code)).toString(16).padStart(64, '0'), 'hex');
  return `${code.slice(0, 'VNHC1:'.length)}${signingInput}.${Buffer.concat([signature.subarray(0, 32), s]).toString('base64url')}`;
}

/**
 * A code (unified, or another `prefix`) signed by whoever holds `key` (a standard JOSE library, as an attacker would), put in
 * low-S form so that only what the test is about can refuse it.
 */
export async function forgeCode(
  key: KeyObject,
  kid: string,
  payload: Record<string, unknown>,
  header: Record<string, unknown> = {},
  prefix = 'VNHC1:',
): Promise<string> {
  const code = `${prefix}${await new SignJWT(payload).setProtectedHeader({ ...header, alg: 'ES256', kid }).sign(key)}`;
  return sOf(code) > P256_ORDER / 2n ? sTwin(code) : code;
}
