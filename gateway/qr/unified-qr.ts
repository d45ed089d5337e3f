import { createPublicKey, type KeyObject } from 'node:crypto';
import type { QrConfig } from '../config';
import { decodeJws, hasLowS, signEs256, verifiesEs256, type DecodedJws } from './es256-jws';
import { VerifiedCodes } from './verified-codes';

/** The prefix of the unified QR: `VNHC1:` then a compact JWS (ES256). */
export const UNIFIED_QR_PREFIX = 'VNHC1:';

/**
 * A scanned text as the unified code it is, its prefix in the case it was issued in (some scanners
 * lower-case it: the code after it is as signed), or undefined for any other text. Every reader of
 * a scanned code goes through it: a check-in read `vnhc1:` as malformed where a scan took it.
 */
export function asUnifiedCode(scanned: string): string | undefined {
  const text = scanned.trim();
  return text.slice(0, UNIFIED_QR_PREFIX.length).toUpperCase() === UNIFIED_QR_PREFIX
    ? UNIFIED_QR_PREFIX + text.slice(UNIFIED_QR_PREFIX.length)
    : undefined;
}

/** What a unified QR carries, and nothing else: no name, no document, no phone. */
export interface QrClaims {
  citizenId: string;
  /** The QR's version for this citizen: revoking or re-keying issues the next one. */
  version: number;
  /** Issue time, epoch seconds. */
  issuedAt: number;
  kid: string;
}

/** Why a code fails offline; `retired-key`: signed by a retired key after its retirement. */
export type QrCheckFailure = 'malformed' | 'unknown-key' | 'bad-signature' | 'retired-key';

export type QrCheck = { ok: true; claims: QrClaims } | { ok: false; reason: QrCheckFailure };

/**
 * A scanned code whose shape, key id, claims and key retirement pass, its signature not verified
 * yet: `confirm` says whether it holds, given the text the gateway issued for the code's citizen and
 * version (from the store; undefined when there is none).
 */
export type DeferredQrCheck =
  | { ok: false; reason: QrCheckFailure }
  | {
      ok: true;
      claims: QrClaims;
      /** Its signature is known good already (this process verified this very text lately): confirm cannot fail. */
      signed: boolean;
      confirm(issued: string | undefined): QrCheck;
    };

/** A code's JWS read with its key, its signature not yet verified. */
type ReadCode = { ok: true; kid: string; key: KeyObject; jws: DecodedJws } | { ok: false; reason: 'malformed' | 'unknown-key' };

/** A signed code checked offline: the key that signed it and its payload, not yet read. */
export type SignedCode =
  { ok: true; kid: string; payload: Record<string, unknown> } | { ok: false; reason: Exclude<QrCheckFailure, 'retired-key'> };

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
const MAX_TEXT = 1024;

/**
 * Signs and checks unified QR codes with the configured ES256 keys. Checking is offline: the
 * shape, the key id, the signature (low-S only, so a code has one valid text) and the key's
 * retirement; a scan (checkDeferred) judges the signature after reading the store, and takes the
 * very text the gateway issued for that citizen and version as signed. Whether the code is the
 * citizen's current one is the identity's to say.
 */
export class UnifiedQr {
  private readonly publicKeys: ReadonlyMap<string, KeyObject>;
  /** Retired key id → epoch seconds after which a code it signed is refused. */
  private readonly retiredAfter: ReadonlyMap<string, number>;
  private readonly signingKey: KeyObject;
  /** Codes that passed lately: their signature is not verified again (see VerifiedCodes for why that is safe). */
  private readonly verified: VerifiedCodes;
  readonly jwks: { keys: PublicJwk[] };

  constructor(
    private readonly config: QrConfig,
    verified = new VerifiedCodes(),
  ) {
    this.verified = verified;
    this.publicKeys = new Map(config.keys.map((k) => [k.kid, createPublicKey(k.privateKey)]));
    this.retiredAfter = new Map(config.keys.flatMap((k) => (k.retiredAt ? [[k.kid, k.retiredAt.getTime() / 1000] as const] : [])));
    this.signingKey = config.keys.find((k) => k.kid === config.activeKid)!.privateKey;
    this.jwks = {
      keys: [...this.publicKeys].map(([kid, key]) => ({
        ...(key.export({ format: 'jwk' }) as { kty: string; crv: string; x: string; y: string }),
        kid,
        alg: 'ES256',
        use: 'sig',
      })),
    };
  }

  get activeKid(): string {
    return this.config.activeKid;
  }

  /** The QR text for a citizen's version, signed now with the active key. */
  issue(citizenId: string, version: number, now: Date): { text: string; claims: QrClaims } {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const { text, kid } = this.signCode(UNIFIED_QR_PREFIX, { sub: citizenId, v: version, iat: issuedAt });
    return { text, claims: { citizenId, version, issuedAt, kid } };
  }

  /** `prefix` and a compact JWS of `payload`, signed now with the active key: a citizen's code, or a venue's. */
  signCode(prefix: string, payload: Record<string, unknown>): { text: string; kid: string } {
    return { text: prefix + signEs256(this.config.activeKid, payload, this.signingKey), kid: this.config.activeKid };
  }

  /**
   * Whether an issued code may keep being handed out: signed by a key this process publishes and
   * that is not being retired (the active key or another), in low-S form. Otherwise it is re-issued
   * with the active key (a retired key; a key this process does not know; a code from before low-S
   * signing, which no longer verifies). Only the active key would do, pods of one rollout with two
   * active keys re-issued a citizen's code at every read, each revoking the one the other handed
   * out (a review of a rolling key rotation): a code is re-keyed when its key is retired, not when
   * another pod signs with another.
   */
  isCurrentForm(text: string, kid: string): boolean {
    const kept = kid === this.config.activeKid || (this.publicKeys.has(kid) && !this.retiredAfter.has(kid));
    return kept && hasLowS(text);
  }

  /**
   * Checks a scanned unified QR text offline: its shape, its key id, its signature and the key's
   * retirement. A text that passed lately is answered from memory: the answer would be the same.
   */
  check(text: string): QrCheck {
    const deferred = this.checkDeferred(text);
    // No issued text vouches for it here: its signature is verified (unless it passed lately).
    return deferred.ok ? deferred.confirm(undefined) : deferred;
  }

  /**
   * The same check with the signature's verification left for last, after the store is read: a
   * code that is, character for character, the text the gateway issued and stored for its citizen
   * and version was signed by the gateway itself with a key still published (its key id passed),
   * so its ES256 verification (7% of a first scan's CPU) would only repeat what issuing did. Its
   * low-S form is still required, as verification would: a code stored before low-S signing is
   * refused as it was. Any other text is verified. A code that passes either way is remembered.
   */
  checkDeferred(text: string): DeferredQrCheck {
    const known = this.verified.get(text);
    if (known) return { ok: true, claims: known, signed: true, confirm: () => ({ ok: true, claims: known }) };
    const read = this.readCode(UNIFIED_QR_PREFIX, text);
    if (!read.ok) return read;
    const checked = this.claimsOf(read.kid, read.jws.payload);
    if (!checked.ok) return checked;
    return {
      ok: true,
      claims: checked.claims,
      signed: false,
      confirm: (issued) => {
        const trimmed = text.trim();
        const issuedHere = issued === trimmed && hasLowS(trimmed);
        if (!issuedHere && !verifiesEs256(read.jws, read.key)) return { ok: false, reason: 'bad-signature' };
        return { ok: true, claims: this.verified.remember(text, checked.claims) };
      },
    };
  }

  /** What a unified code's payload claims, if it holds what one must and its key was not retired when it says it was signed. */
  private claimsOf(kid: string, payload: Record<string, unknown>): QrCheck {
    const { sub, v, iat } = payload;
    if (typeof sub !== 'string' || !CITIZEN_ID.test(sub) || !isCount(v) || v < 1 || !isCount(iat))
      return { ok: false, reason: 'malformed' };
    // A retired key stays published for codes it signed before; one it "signed" later is a stolen or misused key.
    if (iat > (this.retiredAfter.get(kid) ?? Infinity)) return { ok: false, reason: 'retired-key' };
    return { ok: true, claims: { citizenId: sub, version: v, issuedAt: iat, kid } };
  }

  /**
   * Checks a code signed by `signCode` offline: its prefix and shape, its key id and its signature
   * (low-S only, so a code has one valid text). What its payload must hold is the caller's to check.
   */
  verifyCode(prefix: string, text: string): SignedCode {
    const read = this.readCode(prefix, text);
    if (!read.ok) return read;
    if (!verifiesEs256(read.jws, read.key)) return { ok: false, reason: 'bad-signature' };
    return { ok: true, kid: read.kid, payload: read.jws.payload };
  }

  /** A code's prefix and shape, and its key id among the published keys; the signature is not verified. */
  private readCode(prefix: string, text: string): ReadCode {
    const trimmed = text.trim();
    if (!trimmed.startsWith(prefix) || trimmed.length > MAX_TEXT) return { ok: false, reason: 'malformed' };
    const jws = decodeJws(trimmed.slice(prefix.length));
    // RFC 7515 §4.1.11: a `crit` header names extensions the verifier must understand; none is here.
    if (!jws || jws.header.alg !== 'ES256' || Object.hasOwn(jws.header, 'crit')) return { ok: false, reason: 'malformed' };
    const kid = jws.header.kid;
    const key = typeof kid === 'string' ? this.publicKeys.get(kid) : undefined;
    if (!key || typeof kid !== 'string') return { ok: false, reason: 'unknown-key' };
    return { ok: true, kid, key, jws };
  }
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
