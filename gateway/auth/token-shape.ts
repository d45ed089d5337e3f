import type jwt from 'jsonwebtoken';
import { base64urlJsonObject } from '../domain/base64url-json';

/** A compact JWS's three parts: base64url, the signature possibly empty (`alg: none`, refused by its algorithm). */
const COMPACT_JWS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

/** An ECDSA signature's length in a JWS (RFC 7518 §3.4): r and s, each the curve's size. */
const ECDSA_SIGNATURE_BYTES: Readonly<Record<string, number>> = { ES256: 64, ES384: 96, ES512: 132 };

/**
 * The header of a token whose shape jsonwebtoken can judge, or why it is not a token: three base64url
 * parts, a header and a payload that are JSON objects, and an ECDSA signature of its algorithm's
 * length. jsonwebtoken throws a SyntaxError for a payload that is not JSON under `typ: JWT`, and
 * jwa a TypeError for an ECDSA signature of another length (a DER one, a truncated one), before any
 * key is tried: those are a caller's bad tokens, refused here, so that an error jsonwebtoken throws
 * past this is a defect. `refuse` makes the refusal (AccessTokenRefused: a 401).
 */
export function tokenHeader(token: string, refuse: (why: string) => Error): jwt.JwtHeader {
  const [, headerPart = '', payloadPart = '', signaturePart = ''] = COMPACT_JWS.exec(token) ?? [];
  if (headerPart === '') throw refuse('not a JSON Web Token');
  const header = base64urlJsonObject(headerPart);
  if (!header || typeof header.alg !== 'string') throw refuse('not a JSON Web Token: its header is not a JSON object with alg');
  if (!base64urlJsonObject(payloadPart)) throw refuse('payload is not a JSON object');
  const signatureBytes = ECDSA_SIGNATURE_BYTES[header.alg];
  if (signatureBytes !== undefined && Buffer.byteLength(signaturePart, 'base64url') !== signatureBytes)
    throw refuse(`an ${header.alg} signature is ${signatureBytes} bytes`);
  return header as unknown as jwt.JwtHeader;
}
