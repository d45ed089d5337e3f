import { idForRetries, withinRetryKeyLife } from '../domain/retry-ids';
import { formatIct } from '../normalize/dates';
import type { UnifiedQr } from '../qr/unified-qr';
import type { GatewayStore, StoredQr } from '../store/gateway-store';

/** The day's keyed revocations a citizen's code carries at most: far more than one lost phone makes. */
const MAX_REVOCATIONS_KEPT = 8;

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
    return (await this.store.replaceQr(citizenId, stored.version, this.next(citizenId, stored))) ?? this.current(citizenId);
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
   * its caller's) is kept with the day's revocations (StoredQr.revocations): a retry of a request
   * whose revocation landed while its answer was lost (a 503 frees the key) is answered the
   * citizen's current code, not revoked again, whatever came since (a review saw three retries take
   * a code from version 1 to 4, each killing the one the app had just fetched). The key sent again
   * after its day is a new revocation.
   */
  async revoke(citizenId: string, retryKey?: string): Promise<StoredQr | undefined> {
    const stored = (await this.store.getCitizen(citizenId))?.qr;
    if (!stored) return undefined;
    const by = retryKey === undefined ? undefined : idForRetries('rev', retryKey);
    if (by !== undefined && this.recent(stored).some((revocation) => revocation.by === by)) return this.current(citizenId, stored);
    return (await this.store.replaceQr(citizenId, stored.version, this.next(citizenId, stored, by))) ?? this.revoke(citizenId, retryKey);
  }

  /** The version after `stored`, signed now, carrying the day's revocations on, this one's (`by`) too. */
  private next(citizenId: string, stored: StoredQr, by?: string): StoredQr {
    const signed = this.sign(citizenId, stored.version + 1);
    const revocations = [...this.recent(stored), ...(by === undefined ? [] : [{ by, version: signed.version, at: signed.issuedAt }])];
    return revocations.length === 0 ? signed : { ...signed, revocations: revocations.slice(-MAX_REVOCATIONS_KEPT) };
  }

  /** The revocations of `stored` made within the day an Idempotency-Key lasts. */
  private recent(stored: StoredQr): NonNullable<StoredQr['revocations']> {
    const now = this.clock().getTime();
    return (stored.revocations ?? []).filter((revocation) => withinRetryKeyLife(revocation.at, now));
  }

  private sign(citizenId: string, version: number): StoredQr {
    const now = this.clock();
    const { text, claims } = this.qr.issue(citizenId, version, now);
    return { text, version, kid: claims.kid, issuedAt: formatIct(now) };
  }
}
