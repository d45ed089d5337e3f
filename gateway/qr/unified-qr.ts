import { createPublicKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { QrConfig } from '../config';

/** The prefix of the unified QR: `VNHC1:` then a compact JWS (ES256). */
export const UNIFIED_QR_PREFIX = 'VNHC1:';

/** What a unified QR carries, and nothing else: no name, no document, no phone. */
export interface QrClaims {
  citizenId: string;
  /** The QR's version for this citizen: revoking or re-keying issues the next one. */
  version: number;
  /** Issue time, epoch seconds. */
  issuedAt: number;
  kid: string;
}

export type QrCheck = { ok: true; claims: QrClaims } | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' };

export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

const CITIZEN_ID = /^cit_[0-9A-Za-z_-]{16,40}$/;

/**
 * Signs and checks unified QR codes with the configured ES256 keys. Checking is offline: the
 * signature and the key id only. Whether the code is still the citizen's current one (not
 * revoked, not superseded) is the identity's to say.
 */
export class UnifiedQr {
  private readonly publicKeys: ReadonlyMap<string, KeyObject>;
  private readonly signingKey: KeyObject;
  readonly jwks: { keys: PublicJwk[] };

  constructor(private readonly config: QrConfig) {
    this.publicKeys = new Map(config.keys.map((k) => [k.kid, createPublicKey(k.privateKey)]));
    this.signingKey = config.keys.find((k) => k.kid === config.activeKid)!.privateKey;
    this.jwks = {
      keys: [...this.publicKeys].map(([kid, key]) => ({ ...(key.export({ format: 'jwk' }) as { kty: string; crv: string; x: string; y: string }), kid, alg: 'ES256', use: 'sig' })),
    };
  }

  get activeKid(): string {
    return this.config.activeKid;
  }

  /** The QR text for a citizen's version, signed now with the active key. */
  issue(citizenId: string, version: number, now: Date): { text: string; claims: QrClaims } {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const token = jwt.sign({ sub: citizenId, v: version, iat: issuedAt }, this.signingKey, { algorithm: 'ES256', keyid: this.config.activeKid });
    return { text: UNIFIED_QR_PREFIX + token, claims: { citizenId, version, issuedAt, kid: this.config.activeKid } };
  }

  /** Checks a scanned unified QR text offline: its shape, its key id and its signature. */
  check(text: string): QrCheck {
    const trimmed = text.trim();
    if (!trimmed.startsWith(UNIFIED_QR_PREFIX) || trimmed.length > 1024) return { ok: false, reason: 'malformed' };
    const token = trimmed.slice(UNIFIED_QR_PREFIX.length);
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string' || decoded.header.alg !== 'ES256') return { ok: false, reason: 'malformed' };
    const kid = decoded.header.kid;
    const key = kid === undefined ? undefined : this.publicKeys.get(kid);
    if (!key || kid === undefined) return { ok: false, reason: 'unknown-key' };
    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(token, key, { algorithms: ['ES256'], ignoreExpiration: true }) as jwt.JwtPayload;
    } catch {
      return { ok: false, reason: 'bad-signature' };
    }
    const { sub, v, iat } = payload;
    if (typeof sub !== 'string' || !CITIZEN_ID.test(sub) || !Number.isInteger(v) || typeof iat !== 'number') return { ok: false, reason: 'malformed' };
    return { ok: true, claims: { citizenId: sub, version: v as number, issuedAt: iat, kid } };
  }
}
