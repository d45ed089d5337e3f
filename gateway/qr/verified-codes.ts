import type { QrClaims } from './unified-qr';

/** Codes remembered at once: some 4 MB of texts (about 250 characters each) and their claims. */
export const MAX_VERIFIED = 10_000;

/**
 * Unified QR texts whose offline check passed lately, with the claims read from them, so that a
 * code scanned again is not put through its ES256 verification again (7-8% of a scan's CPU at
 * 0 ms platforms, 15% within the freshness window; issue 12).
 *
 * Why remembering is safe: the offline check is a function of the text and of this process's keys
 * alone (the shape, the key id, the low-S signature, and the key's retirement against the code's
 * own issue time: no clock, no expiry), and the keys are read once at start, so a remembered answer
 * is the one checking again would give. Everything that changes with time is the store's and is
 * read at every scan, remembered or not: whether this code is still the citizen's current one
 * (revoked by a lost phone or a re-keying, or never issued), and whether the citizen exists. Only
 * codes that passed are remembered: a forged or damaged one is checked every time and can never
 * enter. Bounded: past `maxEntries` the code scanned longest ago goes first.
 */
export class VerifiedCodes {
  private readonly entries = new Map<string, QrClaims>();

  constructor(private readonly maxEntries = MAX_VERIFIED) {}

  /** The claims of a text that passed, or undefined when it has not (lately). */
  get(text: string): QrClaims | undefined {
    const claims = this.entries.get(text);
    if (claims === undefined) return undefined;
    // Scanned again: last out. A Map iterates in insertion order, so the re-inserted key goes last.
    this.entries.delete(text);
    this.entries.set(text, claims);
    return claims;
  }

  /** Remembers a text whose offline check just passed; its claims are frozen, since every later scan shares them. */
  remember(text: string, claims: QrClaims): QrClaims {
    const frozen = Object.freeze({ ...claims });
    if (this.entries.size >= this.maxEntries && !this.entries.has(text)) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(text, frozen);
    return frozen;
  }

  get size(): number {
    return this.entries.size;
  }
}
