import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { schemaReasons, unjudgedText, type RefusalReason } from '../../adapters';
import schema from '../../schemas/exposure-notice.v1.schema.json';
import { sameSubject, type Caller } from '../auth/access-tokens';
import { asRead, MAX_STAY_MS } from '../checkins/stays';
import type { ExposureNotice, NoticeRequest, NoticeStatus } from '../domain/exposure-notice';
import { noticeKeepDays } from '../domain/notice-retention';
import { idForRetries, withinRetryKeyLife } from '../domain/retry-ids';
import { compileSchema } from '../domain/schema-compiler';
import { formatIct, parseDateTime } from '../normalize/dates';
import { BoundedMemo } from '../normalize/bounded-memo';
import { normalizeName } from '../normalize/names';
import { pastInstant, timeBounds } from '../normalize/time-bounds';
import type { AuditLog } from '../operations/audit-log';
import type { GatewayEvents } from '../operations/gateway-events';
import { cursorOf, type NoticeCursor, type NoticeStore } from '../store/notice-store';
import { StoreUnavailable } from '../store/store-errors';
import type { StayStore } from '../store/stay-store';
import { MAX_VENUE_DEPTH } from '../venues/venue-registration';
import type { VenueService } from '../venues/venue-service';
import { NO_EXPOSURE, type ExposureInputs } from '../verify/venue-exposure';
import { ActiveNotices } from './active-notices';

const validateRequest = compileSchema<NoticeRequest>({
  $id: schema.$id.replace('exposure-notice.v1', 'exposure-notice-request.v1'),
  ...schema.$defs.NoticeRequest,
  $defs: schema.$defs,
});
const DAY = 86_400_000;
/** A notice's window: at most a month (a hotel for three days, a market for two weeks). */
export const MAX_WINDOW_DAYS = 31;
/**
 * A citizen's stays read for a scan within one active notice's window: far more than anyone makes
 * in a month. Past it the scan is refused (503), never answered from a part: a close contact must
 * not turn green by having many other stays.
 */
export const MAX_STAYS_PER_WINDOW = 2000;
const ID_ATTEMPTS = 3;
/** Venues whose chains a process keeps (a province's venues under notices at once, and more). */
const VENUE_CHAINS_KEPT = 4096;

export interface NoticeServiceDependencies {
  notices: NoticeStore;
  venues: VenueService;
  stays: StayStore;
  audit: AuditLog;
  clock: () => Date;
  futureSkewMs: number;
  /** How long after a stay an exposure counts (the policy's risk window). */
  windowDays: number;
  events?: GatewayEvents;
  /** How long this process reuses its read of the active notices (ACTIVE_NOTICES_CACHE_MS by default). */
  activeCacheMs?: number;
}

export type Issued = { ok: true; notice: ExposureNotice } | { ok: false; reasons: RefusalReason[] };
export type Changed =
  | { ok: true; notice: ExposureNotice }
  | { ok: false; why: 'not-found' | 'same-person' | 'not-theirs' | 'conflict'; notice?: ExposureNotice };
type Refusal = 'same-person' | 'not-theirs' | 'conflict';

/** Who acted, for the audit log: the token's subject and the request. */
export interface Acting {
  caller: Caller;
  requestId: string;
  /** The caller's Idempotency-Key of the request (`<subject>\n<key>`), when it sent one: its retries' notice id. */
  retryKey?: string;
}

/**
 * Exposure notices: issued pending, active only once a second person approves, withdrawn by either;
 * each change a compare-and-set in the store, each recorded in the audit log. And what a scan needs
 * of them: the active notices (cached briefly) and the citizen's stays they may concern.
 */
export class NoticeService {
  private readonly active: ActiveNotices;
  private readonly keepDays: number;

  /** Venues' chains (parentsOf): venue ids, no one's personal data; bounded. */
  private readonly chains = new BoundedMemo<Promise<string[]>>(VENUE_CHAINS_KEPT);

  constructor(private readonly deps: NoticeServiceDependencies) {
    this.active = new ActiveNotices(deps.notices, deps.activeCacheMs);
    this.keepDays = noticeKeepDays(deps.windowDays);
  }

  /** Issues a notice (pending), or answers every reason it cannot be; nothing is stored for a refused one. */
  async issue(body: unknown, { caller, requestId, retryKey }: Acting): Promise<Issued> {
    const now = this.deps.clock();
    const read = await this.read(body, now);
    if (!read.ok) {
      // On the trail too, as a refused approval is: a notice its issuer could not put in (a window of
      // a month, venues that do not exist) is what the supervisors who read it need to see. Its case
      // file when the body names one in its shape; nothing else of a body that was refused.
      // Cleaned as an issued notice's is (no invisible or direction characters): one case file reads the same on every line of the trail.
      const caseRef = unjudgedText(body, 'caseRef', read.reasons);
      const shown = caseRef === undefined ? undefined : normalizeName(caseRef) || undefined;
      await this.record('notice-issue-refused', { caseRef: shown }, caller, requestId, now);
      return read;
    }
    // A request with an Idempotency-Key first takes its retries' id (idForRetries). Its own first
    // write there, whose answer was lost (a timeout), is answered as it stands now, and said so on
    // the trail (`notice-issue-retried`): never a second `notice-issue` after an approval or a
    // withdrawal. Another notice there (the key freed and sent with another body) is left alone:
    // this one takes a random id, and no line of it names the other's.
    const retryId = retryKey === undefined ? undefined : idForRetries('ntc', retryKey);
    const there = retryId === undefined ? undefined : await this.deps.notices.getNotice(retryId);
    const earlier = there && this.sameIssue(there, read.draft, caller.subject, now) ? there : undefined;
    if (earlier) {
      await this.record('notice-issue-retried', earlier, caller, requestId, now);
      return { ok: true, notice: earlier };
    }
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      const notice: ExposureNotice = {
        noticeId: attempt === 0 && retryId !== undefined && !there ? retryId : `ntc_${randomBytes(16).toString('base64url')}`,
        status: 'pending',
        ...read.draft,
        issuedBy: caller.subject,
        issuedAt: formatIct(now),
      };
      const keepForMs = Date.parse(notice.to) + this.keepDays * DAY - now.getTime();
      await this.record('notice-issue-attempt', notice, caller, requestId, now);
      if (!(await this.deps.notices.addNotice(notice, keepForMs))) continue;
      await this.record('notice-issue', notice, caller, requestId, now);
      this.deps.events?.emit('notice-changed', { status: 'pending' });
      return { ok: true, notice };
    }
    throw new Error(`${ID_ATTEMPTS} random notice ids in a row were taken`);
  }

  /**
   * Whether the notice under a retry's id is this request's own first write: the same issuer's same
   * notice, issued within the day an Idempotency-Key lasts (a key sent again later asks for a new one).
   */
  private sameIssue(stored: ExposureNotice, draft: object, issuer: string, now: Date): boolean {
    if (stored.issuedBy !== issuer || !withinRetryKeyLife(stored.issuedAt, now.getTime())) return false;
    const {
      noticeId: _id,
      status: _s,
      issuedBy: _by,
      issuedAt: _at,
      approvedBy: _a,
      approvedAt: _aa,
      withdrawnBy: _w,
      withdrawnAt: _wa,
      ...asked
    } = stored;
    return isDeepStrictEqual(asked, draft);
  }

  /** Pending to active, by someone other than its issuer (the four-eyes rule). */
  approve(noticeId: string, acting: Acting): Promise<Changed> {
    return this.change(noticeId, acting, 'active', (notice) => {
      if (sameSubject(notice.issuedBy, acting.caller.subject)) return 'same-person';
      return notice.status === 'pending' ? undefined : 'conflict';
    });
  }

  /**
   * Pending or active to withdrawn: it counts no more (at once here, within the cache time elsewhere).
   * Withdrawing turns close contacts green, so it takes no less than approving did: a pending notice
   * is withdrawn by its issuer or declined by any `tracing:approve` holder; an active one only by a
   * `tracing:approve` holder who is its issuer or its approver, one of the two people who put it in
   * force, so that no single token can end every notice. A withdrawal is final; a notice withdrawn by
   * mistake is issued again (and approved again).
   */
  withdraw(noticeId: string, acting: Acting): Promise<Changed> {
    const { subject, scopes } = acting.caller;
    return this.change(noticeId, acting, 'withdrawn', (notice) => {
      if (notice.status === 'withdrawn') return 'conflict';
      if (notice.status === 'pending')
        return sameSubject(notice.issuedBy, subject) || scopes.has('tracing:approve') ? undefined : 'not-theirs';
      const party = sameSubject(notice.issuedBy, subject) || (notice.approvedBy !== undefined && sameSubject(notice.approvedBy, subject));
      return party && scopes.has('tracing:approve') ? undefined : 'not-theirs';
    });
  }

  get(noticeId: string): Promise<ExposureNotice | undefined> {
    return this.deps.notices.getNotice(noticeId);
  }

  /** A page, newest first, and the cursor of the next when there may be one. */
  async list(limit: number, after?: NoticeCursor): Promise<{ notices: ExposureNotice[]; next?: NoticeCursor }> {
    const notices = await this.deps.notices.listNotices(limit, after);
    const last = notices.at(-1);
    return notices.length === limit && last ? { notices, next: cursorOf(last) } : { notices };
  }

  /**
   * Starts the read of the notices in force when this process's short cache of them is due, or
   * joins the one under way, without waiting: a scan sends it with its read of the citizen, so that
   * a scan whose cache is due waits once for both, not for one then the other. The notices are
   * everyone's, not the citizen's: reading them for any code, forged ones too, tells nothing. A
   * failure is answered to exposuresOf, which shares the same read (a scan that ends first, an
   * invalid code, never needed the notices).
   */
  readNoticesAhead(): void {
    this.active.readAhead();
  }

  /**
   * What the policy needs to weigh a citizen's venue exposures at `now`: the active notices and,
   * only when there is one, every stay of the citizen that may meet one's window (read per window,
   * whole: see startRanges), each with the venues it lies under when it overlaps a window. Every
   * read may fail or be slow: the caller bounds it; a citizen past MAX_STAYS_PER_WINDOW is a 503.
   */
  async exposuresOf(citizenId: string, now: Date): Promise<ExposureInputs> {
    const notices = await this.active.read();
    if (notices.length === 0) return NO_EXPOSURE;
    const ranges = startRanges(notices, now.getTime(), this.deps.windowDays);
    const read = await Promise.all(
      ranges.map(async ([fromMs, toMs]) => {
        const found = await this.deps.stays.citizenStays(citizenId, fromMs, toMs, MAX_STAYS_PER_WINDOW + 1);
        if (found.length > MAX_STAYS_PER_WINDOW)
          throw new StoreUnavailable(
            `the citizen holds more than ${MAX_STAYS_PER_WINDOW} stays within an active notice's window: the scan is not answered from a part`,
          );
        return found;
      }),
    );
    const windows = notices.map((n) => ({ from: Date.parse(n.from), to: Date.parse(n.to) }));
    const stays = await Promise.all(
      read.flat().map(async (stay) => {
        const seen = asRead(stay);
        const concerned = windows.some((w) => Date.parse(seen.in) < w.to && w.from < Date.parse(seen.out));
        if (!concerned) return { stay, venueIds: [stay.venueId] };
        return { stay, venueIds: await this.parentsOf(stay.venueId) };
      }),
    );
    return { stays, notices };
  }

  /**
   * The venue and the venues it lies under, nearest first: as far up as registration lets venues go
   * and tracing follows down. Kept once read whole: venues are added, never edited or removed
   * (venue-store.ts), so a venue's parent never changes, and a scan that meets a stay under a notice
   * waits for no venue read. Not kept: a chain cut by a venue not found, or a read that failed.
   */
  private parentsOf(venueId: string): Promise<string[]> {
    return this.chains.get(venueId, () => {
      const read = this.readChain(venueId).then(({ chain, whole }) => {
        if (!whole) this.chains.forget(venueId);
        return chain;
      });
      read.catch(() => this.chains.forget(venueId));
      return read;
    });
  }

  private async readChain(venueId: string): Promise<{ chain: string[]; whole: boolean }> {
    const chain = [venueId];
    let venue = await this.deps.venues.get(venueId);
    while (venue?.parentVenueId && chain.length <= MAX_VENUE_DEPTH && !chain.includes(venue.parentVenueId)) {
      chain.push(venue.parentVenueId);
      venue = await this.deps.venues.get(venue.parentVenueId);
    }
    return { chain, whole: venue !== undefined };
  }

  private async change(
    noticeId: string,
    { caller, requestId }: Acting,
    status: Exclude<NoticeStatus, 'pending'>,
    refusal: (notice: ExposureNotice) => Refusal | undefined,
  ): Promise<Changed> {
    const now = this.deps.clock();
    const stored = await this.deps.notices.getNotice(noticeId);
    if (!stored) return { ok: false, why: 'not-found' };
    const action = status === 'active' ? 'notice-approve' : 'notice-withdraw';
    const refused = refusal(stored);
    if (refused) {
      // On the trail too: an issuer approving their own notice, a third supervisor withdrawing one, is
      // what the supervisors who read it most need to see (a probe found them on none).
      await this.record(`${action}-refused`, stored, caller, requestId, now);
      return { ok: false, why: refused, notice: stored };
    }
    const by =
      status === 'active'
        ? { approvedBy: caller.subject, approvedAt: formatIct(now) }
        : { withdrawnBy: caller.subject, withdrawnAt: formatIct(now) };
    // Recorded before the change: a store that times out may apply it all the same (the caller told
    // 503), and no change that turns citizens red or green may be missing from the trail.
    await this.record(`${action}-attempt`, stored, caller, requestId, now);
    const changed = await this.deps.notices.transition({ ...stored, status, ...by }, stored.status);
    // Whatever the outcome, this process reads the active notices again before its next scan.
    this.active.forget();
    if (!changed) return { ok: false, why: 'not-found' };
    if (!changed.changed) return { ok: false, why: 'conflict', notice: changed.notice };
    await this.record(action, changed.notice, caller, requestId, now);
    this.deps.events?.emit('notice-changed', { status });
    return { ok: true, notice: changed.notice };
  }

  private record(
    action: string,
    notice: { noticeId?: string; caseRef?: string },
    caller: Caller,
    requestId: string,
    now: Date,
  ): Promise<void> {
    return this.deps.audit.append({
      // In Vietnam's time, as tracing's own lines are: one trail, one way of writing its times.
      at: formatIct(now),
      actor: caller.subject,
      action,
      ...(notice.noticeId === undefined ? {} : { noticeId: notice.noticeId }),
      ...(notice.caseRef === undefined ? {} : { caseRef: notice.caseRef }),
      requestId,
    });
  }

  /** A notice's window as its times give it, with what is wrong with it: each time, their order, its length, its age. */
  private window(fromText: string, toText: string, now: Date): { from?: number; to?: number; reasons: RefusalReason[] } {
    const reasons: RefusalReason[] = [];
    const bounds = timeBounds(now.toISOString(), this.deps.futureSkewMs);
    const time = (pointer: '/from' | '/to', given: string): number | undefined => {
      const parsed = parseDateTime(given);
      const past = parsed.ok ? pastInstant(parsed.value, bounds) : parsed;
      if (past.ok) return Date.parse(past.value);
      reasons.push({ pointer, code: 'invalid-date', message: past.message });
      return undefined;
    };
    const from = time('/from', fromText);
    const to = time('/to', toText);
    if (from !== undefined && to !== undefined) {
      if (to <= from) reasons.push({ pointer: '/to', code: 'invalid-date', message: 'must be later than from: the window is [from, to)' });
      else if (to - from > MAX_WINDOW_DAYS * DAY)
        reasons.push({
          pointer: '/to',
          code: 'invalid-date',
          message: `must lie within ${MAX_WINDOW_DAYS} days of from: issue one notice per month`,
        });
      else if (to + this.keepDays * DAY <= now.getTime())
        reasons.push({
          pointer: '/to',
          code: 'past-retention',
          message: `ended more than ${this.keepDays} days ago: nobody it concerns is still in the policy's window`,
        });
    }
    return { from, to, reasons };
  }

  /** Reads and checks a notice request, every reason at once. */
  private async read(
    body: unknown,
    now: Date,
  ): Promise<
    | { ok: true; draft: Pick<ExposureNotice, 'venues' | 'from' | 'to' | 'level' | 'message' | 'caseRef'> }
    | { ok: false; reasons: RefusalReason[] }
  > {
    if (!validateRequest(body)) {
      // What the window says too, where both times have their shape: every reason at once (a bad
      // venue id hid a `to` two days ahead until the venue was fixed).
      const reasons = schemaReasons(validateRequest.errors);
      const [from, to] = [unjudgedText(body, 'from', reasons), unjudgedText(body, 'to', reasons)];
      if (from !== undefined && to !== undefined) reasons.push(...this.window(from, to, now).reasons);
      return { ok: false, reasons };
    }
    const { from, to, reasons } = this.window(body.from, body.to, now);
    const message = normalizeName(body.message);
    if (message === '')
      reasons.push({ pointer: '/message', code: 'missing', message: 'shows nothing once invisible characters and spaces are removed' });
    const caseRef = normalizeName(body.caseRef);
    if (caseRef === '')
      reasons.push({ pointer: '/caseRef', code: 'missing', message: 'shows nothing once invisible characters and spaces are removed' });
    const venues = await Promise.all(body.venues.map((id) => this.deps.venues.get(id)));
    venues.forEach((venue, i) => {
      if (!venue) reasons.push({ pointer: `/venues/${i}`, code: 'not-allowed', message: 'names no venue the gateway holds' });
    });
    if (reasons.length > 0 || from === undefined || to === undefined) return { ok: false, reasons };
    return {
      ok: true,
      draft: {
        venues: venues.map((v) => ({ venueId: v!.venueId, name: v!.name })),
        from: formatIct(from),
        to: formatIct(to),
        level: body.level,
        message,
        caseRef,
      },
    };
  }
}

/**
 * The start times (epoch ms, both inclusive) of the stays that may meet an active notice and still
 * count at `nowMs`: per notice, from MAX_STAY_MS before its window (no stay lasts longer) and no
 * earlier than the policy's window allows, to just before its end; ranges that meet are merged, so
 * a stay is read once. Each range is read whole, never the newest N of a longer history.
 */
export function startRanges(notices: readonly ExposureNotice[], nowMs: number, windowDays: number): [number, number][] {
  const earliest = nowMs - windowDays * DAY - MAX_STAY_MS;
  const ranges = notices
    .map((n): [number, number] => [Math.max(Date.parse(n.from) - MAX_STAY_MS, earliest), Math.min(Date.parse(n.to) - 1, nowMs)])
    .filter(([from, to]) => from <= to)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of ranges) {
    const last = merged.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}
