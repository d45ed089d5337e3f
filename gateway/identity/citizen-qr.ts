import { idForRetries } from '../domain/retry-ids';
import { formatIct } from '../normalize/dates';
import type { UnifiedQr } from '../qr/unified-qr';
import type { GatewayStore, StoredQr } from '../store/gateway-store';

/** How long an Idempotency-Key lasts (gateway/http/idempotency.ts): a revocation's retries come within it. */
const KEY_DAY_MS = 24 * 3600 * 1000;

/**
 * A citizen's one QR: issued with the first record whose answer hands it out, or when first asked
 * for (a batch's citizens: ingest-service.ts, CitizenInAnswer), the same across declarations and platforms.
 * It changes only on revocation (a lost phone) or when the signing key has been rotated: the next
 * time it is handed out it is re-issued with the active key, and the old one verifies as revoked.
 * A code signed before signatures were normalised to low-S is re-issued the same way (half of
 * those no longer verify).
 */
export class CitizenQr {
  constructor(
    private readonly store: GatewayStore,
    private readonly qr: UnifiedQr,
    private readonly clock: () => Date,
  ) {}

  /**
   * The citizen's current QR, issuing the first one or re-keying a superseded one as needed.
   * `known` saves a read when the caller has just read the citizen: its QR, or null when it had
   * none (issued at once; another process's, stored first, is kept).
   */
  async current(citizenId: string, known?: StoredQr | null): Promise<StoredQr> {
    const read = known === undefined ? (await this.store.getCitizen(citizenId))?.qr : known;
    const stored = read ?? (await this.issueFirst(citizenId));
    if (this.qr.isCurrentForm(stored.text, stored.kid)) return stored;
    return (await this.store.replaceQr(citizenId, stored.version, this.sign(citizenId, stored.version + 1))) ?? this.current(citizenId);
  }

  /** The first QR of a citizen stored without one (created by a batch's line or a scan); if another process issued it first, theirs is kept. */
  issueFirst(citizenId: string): Promise<StoredQr> {
    return this.store.ensureQr(citizenId, this.draftFirst(citizenId));
  }

  /** A first QR for a citizen not stored yet, signed but not stored: the citizen's first write stores it (or keeps one stored before). */
  draftFirst(citizenId: string): StoredQr {
    return this.sign(citizenId, 1);
  }

  /**
   * Revokes the current QR and issues the next version. `retryKey` (the request's Idempotency-Key,
   * its caller's) marks the version it makes: a retry of a request whose revocation landed while its
   * answer was lost (a 503 frees the key) is answered that version, not revoked again (a review saw
   * three retries take a code from version 1 to 4, each killing the one the app had just fetched).
   */
  async revoke(citizenId: string, retryKey?: string): Promise<StoredQr | undefined> {
    const stored = (await this.store.getCitizen(citizenId))?.qr;
    if (!stored) return undefined;
    const revokedBy = retryKey === undefined ? undefined : idForRetries('rev', retryKey);
    // Its own revocation only within the day an Idempotency-Key lasts: the key sent again later is a new revocation.
    if (revokedBy !== undefined && stored.revokedBy === revokedBy && this.within(stored.issuedAt, KEY_DAY_MS)) return stored;
    const next = { ...this.sign(citizenId, stored.version + 1), ...(revokedBy === undefined ? {} : { revokedBy }) };
    return (await this.store.replaceQr(citizenId, stored.version, next)) ?? this.revoke(citizenId, retryKey);
  }

  private within(issuedAt: string, ms: number): boolean {
    return this.clock().getTime() - Date.parse(issuedAt) <= ms;
  }

  private sign(citizenId: string, version: number): StoredQr {
    const now = this.clock();
    const { text, claims } = this.qr.issue(citizenId, version, now);
    return { text, version, kid: claims.kid, issuedAt: formatIct(now) };
  }
}
