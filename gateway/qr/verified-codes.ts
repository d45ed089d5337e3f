import { RecentlyUsed } from '../normalize/recently-used';
import type { QrClaims } from './unified-qr';

/** Codes remembered at once: some 4 MB of texts (about 250 characters each) and their claims. */
const MAX_VERIFIED = 10_000;

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
 * enter. A code passes either by its ES256 verification or by being, character for character, the
 * text the gateway issued and stored for that citizen and version (UnifiedQr.checkDeferred): signed
 * by the gateway itself with a key still published, it would verify. That trusts the store as much
 * as the store is trusted for the citizen's current code anyway: whoever can write Redis could make
 * a code of theirs current. Bounded: past `maxEntries` the code scanned longest ago goes first.
 */
export class VerifiedCodes extends RecentlyUsed<QrClaims> {
  constructor(maxEntries = MAX_VERIFIED) {
    super(maxEntries);
  }

  /** Remembers a text whose offline check just passed; its claims are frozen, since every later scan shares them. */
  remember(text: string, claims: QrClaims): QrClaims {
    const frozen = Object.freeze({ ...claims });
    this.set(text, frozen);
    return frozen;
  }
}
