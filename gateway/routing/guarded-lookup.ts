import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import CircuitBreaker from 'opossum';
import { UpstreamError, type LookupResult, type UpstreamFailure } from '../../adapters';
import type { BreakerSettings } from './breaker-settings';
import { BreakerWindow, WINDOW_BUCKETS, type Judgement } from './breaker-window';
import type { CallDeadline } from './deadline';

/** How a source did, as the verify answer reports it (a closed set: it is a metric label too). */
export type SourceOutcome = 'answered' | 'not-found' | 'timeout' | 'breaker-open' | 'error';

/**
 * Why a call ended without an answer, for the operators' view: the platform's failure kind, or
 * what the gateway did (its breaker timed the call out, the scan's deadline came, the bulkhead was
 * full, an operator holds the breaker open, the breaker was shut down). A closed set. One more,
 * `gateway-delay`, is on an answer: it was read after the breaker's timer, which had run late
 * behind the gateway's own held event loop; by the clock a timeout, it is not counted against the
 * platform.
 */
export type CallDetail = UpstreamFailure | 'breaker-timeout' | 'deadline' | 'bulkhead-full' | 'held-open' | 'shutdown' | GatewayDelay;
type GatewayDelay = 'gateway-delay';

/** A call that ended without an answer. */
export interface CallFailure {
  outcome: Exclude<SourceOutcome, 'answered' | 'not-found'>;
  latencyMs: number;
  detail?: CallDetail;
  /**
   * Turned away rather than failed: by the breaker, the bulkhead, or a rate limit (ours while a
   * Retry-After runs, or the platform's 429/503). Counted as a rejection, never as the platform's
   * last error.
   */
  rejected: boolean;
  /**
   * The platform's own time for the call: how long its attempts that reached it took, our pauses
   * between them left out; absent when none did (the breaker, the bulkhead or our own Retry-After
   * pause turned every attempt away).
   */
  sentMs?: number;
}

export type GuardedResult =
  | { outcome: 'answered'; native: unknown; text?: string; latencyMs: number; sentMs: number; detail?: GatewayDelay }
  | { outcome: 'not-found'; latencyMs: number; sentMs: number; detail?: GatewayDelay }
  | CallFailure;

/**
 * opossum's own refusals, by their documented codes (the one place they are read): an open breaker,
 * a breaker shut down, a full bulkhead. The attempt was not fired: it reached no platform.
 */
const TURNED_AWAY: Readonly<Record<string, Omit<CallFailure, 'latencyMs'>>> = {
  EOPENBREAKER: { outcome: 'breaker-open', rejected: true },
  ESHUTDOWN: { outcome: 'breaker-open', detail: 'shutdown', rejected: true },
  ESEMLOCKED: { outcome: 'error', detail: 'bulkhead-full', rejected: true },
};

/** What opossum refused the attempt with, when it turned it away (TURNED_AWAY); undefined for any other failure. */
function turnedAway(error: unknown): Omit<CallFailure, 'latencyMs'> | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(TURNED_AWAY, code) ? TURNED_AWAY[code] : undefined;
}

/**
 * What a failed attempt tells of the platform: nothing, for a request it refused (its JSON error:
 * a made-up account's code) or our own cancellation; a failure, for anything else it did (an
 * error, a timeout: the breaker's own included).
 */
function judgementOf(error: unknown): Judgement {
  return error instanceof UpstreamError && (error.kind === 'aborted' || error.kind === 'bad-request') ? 'unjudged' : 'failed';
}

/** One call through the breaker: its own controller, which the breaker's timeout aborts. */
interface BreakerCall {
  controller: AbortController;
  deadline: CallDeadline;
  run: (signal: AbortSignal) => Promise<LookupResult>;
  /** The breaker's timer ran late, behind a held event loop: an answer read after it was the gateway's delay. */
  delayed: boolean;
}

/** The breaker's timeout: no answer had come, even once the process had read what was waiting for it. */
class BreakerTimeout extends UpstreamError {
  constructor(timeoutMs: number) {
    super('timeout', `the breaker timed the call out: no answer within ${timeoutMs} ms`);
  }
}

/** A timer later than this ran behind a held event loop, not just behind its neighbours (a 10 ms timer here: 0.3 ms late typically, 4 at most). */
const LATE_MS = 5;

/** The smallest budget worth starting an attempt with. */
const MIN_ATTEMPT_MS = 30;

/**
 * A platform instance's lookups behind its own breaker and bulkhead. Every attempt gets an
 * AbortController that both the breaker's timeout and the scan's deadline cancel, so a slow
 * platform's request is really ended, and the bulkhead slot freed. Not found is an answer; a 4xx
 * and our own deadline are not the platform's failures and do not count against it. A 429/503
 * with Retry-After counts, and no call is sent before the time it asked for. At most one retry,
 * for these idempotent reads only, after a jittered pause, and only inside the remaining deadline.
 */
export type BreakerState = 'closed' | 'half-open' | 'open';

/**
 * The longest quiet a platform's Retry-After buys: a minute. One odd answer (Retry-After: 86400, or
 * a date next year) stopped every call to its instance for a day, while the breaker read closed and
 * the health probe up; past a minute, calls resume, and a platform still refusing opens its breaker.
 */
export const MAX_QUIET_MS = 60_000;

export class GuardedLookup extends EventEmitter<{ state: [BreakerState] }> {
  private current: CircuitBreaker<[BreakerCall], LookupResult>;
  /** The current breaker's window (replaced with it). */
  private window: BreakerWindow;
  /** Closed by a half-open probe the platform refused: the next call it is judged on decides (judge). */
  private onProbation = false;
  private pausedUntil = 0;
  /** Opened by an operator: stays open, whatever opossum's reset timer says, until closed by hand. */
  private heldOpen = false;

  constructor(
    readonly instance: string,
    readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.window = new BreakerWindow(settings.rollingWindowMs);
    this.current = this.build(this.window);
  }

  /** The breaker now (an operator's reset replaces it with a fresh one, its window empty). */
  get breaker(): CircuitBreaker<[BreakerCall], LookupResult> {
    return this.current;
  }

  private build(window: BreakerWindow): CircuitBreaker<[BreakerCall], LookupResult> {
    const { settings } = this;
    const breaker: CircuitBreaker<[BreakerCall], LookupResult> = new CircuitBreaker((call: BreakerCall) => this.attempt(call, window), {
      name: this.instance,
      // The timeout is the attempt's own (see attempt): opossum's blames the platform for the gateway's own delay.
      timeout: false,
      // Closed, the breaker is opened by the calls the platform was judged on (BreakerWindow,
      // judge), never by opossum's count of every call fired: its volume is never reached (its
      // fail() returns before its share, which counts a failure in the bucket it ended in and its
      // fire in the one it was sent in, so it may pass 100%). Half-open, opossum still opens it on
      // a failed probe and closes it on an answered one.
      errorThresholdPercentage: 100,
      volumeThreshold: Number.MAX_SAFE_INTEGER,
      resetTimeout: settings.resetTimeoutMs,
      capacity: settings.capacity,
      rollingCountTimeout: settings.rollingWindowMs,
      rollingCountBuckets: WINDOW_BUCKETS,
      rotateBucketController: window.rotation,
      // Nothing reads opossum's latency percentiles or snapshots: no sort of a window's latencies at
      // each failure, and no second timer per breaker.
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      // A half-open probe the platform refused (a made-up account's code) told nothing of the lookups
      // that failed: it closes the breaker on probation (calls flow again, and the first the
      // platform is judged on decides: a failure opens it at once, whatever the window holds).
      // Counted a failed probe instead, made-up codes taking every probe held a healthy platform
      // open. A probe our own deadline cancelled is a failed probe (call() sends a probe only with
      // a whole timeout left, so it is rare).
      errorFilter: (error: unknown): boolean => {
        if (!(error instanceof UpstreamError)) return false;
        if (error.kind === 'bad-request' && breaker.halfOpen) this.onProbation = true;
        return error.kind === 'bad-request' || (error.kind === 'aborted' && !breaker.halfOpen);
      },
    });
    const events = breaker as unknown as NodeJS.EventEmitter;
    for (const change of ['open', 'halfOpen', 'close']) events.on(change, () => this.emit('state', this.state));
    return breaker;
  }

  /**
   * A call the platform was judged on, counted in the window of the breaker it was sent through;
   * a failure opens a closed breaker when the window's judged calls reach the volume threshold and
   * their share of failures passes the threshold, as opossum would over the same calls.
   */
  private judge(window: BreakerWindow, sentIn: number, judgement: Judgement): void {
    window.ended(sentIn, judgement);
    const breaker = this.current;
    if (judgement === 'unjudged' || window !== this.window || !breaker.closed) return;
    // On probation (closed by a probe that told nothing): the first judged call is the probe.
    const probation = this.onProbation;
    this.onProbation = false;
    if (judgement !== 'failed') return;
    const { judged, failed } = window.judged;
    const overThreshold = judged >= this.settings.volumeThreshold && (failed / judged) * 100 > this.settings.errorThresholdPercentage;
    if (probation || overThreshold) breaker.open();
  }

  /**
   * One attempt, timed out by the breaker, which counts it against the platform. Before it does,
   * the process reads what has already come: a timer due while the event loop was held (a
   * CPU-starved process, a long synchronous task) runs late, and before the socket reads that
   * waited behind it, since a loop turn runs its timers first. opossum's own timeout so blamed a
   * healthy platform whose answer was there. One turn of the loop (setImmediate runs after the
   * turn's reads) tells the two apart: an answer read then is taken, and if the timer ran late it
   * is reported as `gateway-delay`; no answer by then is the platform's timeout, cancelled and
   * counted, one turn after the timer at most, so the scan's deadline still holds.
   *
   * Why not the others: measuring the loop's lag and giving the platform that time back lets a
   * slow platform hide in our delay (the platform's clock does not stop while ours is held), and
   * with the scan's deadline just past the timeout it then never opens; a socket event's time is
   * when our callback ran, not when the bytes came; and starting the timer when the request is
   * written covers a request that left late but not an answer read late. What is left: on a new
   * connection (a keep-alive socket is reused) the request leaves when the connect is read, a turn
   * of a held loop late, and that turn still counts.
   */
  private attempt(call: BreakerCall, window: BreakerWindow): Promise<LookupResult> {
    const { timeoutMs } = this.settings;
    const started = performance.now();
    const sentIn = window.sent();
    let ended = false;
    // The scan's deadline cancels the attempt through its own controller: one listener, removed when
    // the attempt settles (AbortSignal.any made a signal per call, kept alive by its sources).
    const { controller, deadline } = call;
    const forget = deadline.onCancel((reason) => controller.abort(reason));
    return new Promise<LookupResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        call.delayed = performance.now() - started - timeoutMs > LATE_MS;
        setImmediate(() => {
          if (ended) return;
          const timeout = new BreakerTimeout(timeoutMs);
          // The reason's type tells the client it was a timeout (the platform's fault), not a cancellation.
          call.controller.abort(timeout);
          reject(timeout);
        });
      }, timeoutMs);
      // A late outcome after the timeout settles an already settled promise: it is dropped.
      call
        .run(controller.signal)
        .then(resolve, reject)
        .finally(() => {
          ended = true;
          clearTimeout(timer);
          forget();
        });
    }).then(
      (result) => {
        this.judge(window, sentIn, 'answered');
        return result;
      },
      (error: unknown) => {
        this.judge(window, sentIn, judgementOf(error));
        throw error;
      },
    );
  }

  /**
   * `mayRetry` is asked before a retry is sent (the instance's rate budget: a retry is a call to the
   * platform too, and comes when it is struggling); false ends the call with the first failure.
   */
  async call(
    run: (signal: AbortSignal) => Promise<LookupResult>,
    deadline: CallDeadline,
    mayRetry: () => Promise<boolean> = async () => true,
  ): Promise<GuardedResult> {
    const started = this.now();
    const latency = () => this.now() - started;
    if (this.heldOpen) return { outcome: 'breaker-open', latencyMs: 0, detail: 'held-open', rejected: true };
    // The platform asked for quiet (Retry-After): no new call until then. A retry waits it out itself.
    if (this.now() < this.pausedUntil) return { outcome: 'error', latencyMs: 0, detail: 'rate-limited', rejected: true };
    let last: CallFailure | undefined;
    // The platform's own time: the attempts that reached it, not our pauses between them.
    let sentMs: number | undefined;
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      if (deadline.remainingMs() < MIN_ATTEMPT_MS) return last ?? { outcome: 'timeout', latencyMs: latency(), rejected: false };
      // A half-open breaker's one probe goes only with its whole timeout left: one our own deadline
      // cancelled would tell nothing, and keep the breaker open (a platform asked late in short
      // scans never came back). This call is turned away as the open breaker would; the next takes the probe.
      if (this.probeWaiting && deadline.remainingMs() < this.settings.timeoutMs)
        return last ?? { outcome: 'breaker-open', latencyMs: latency(), rejected: true };
      const call: BreakerCall = { controller: new AbortController(), deadline, run, delayed: false };
      const attemptStarted = this.now();
      try {
        const result = await this.breaker.fire(call);
        const delay = call.delayed ? { detail: 'gateway-delay' as const } : {};
        const platformMs = (sentMs ?? 0) + this.now() - attemptStarted;
        return result.found
          ? { outcome: 'answered', native: result.native, text: result.text, latencyMs: latency(), sentMs: platformMs, ...delay }
          : { outcome: 'not-found', latencyMs: latency(), sentMs: platformMs, ...delay };
      } catch (error) {
        if (!turnedAway(error)) sentMs = (sentMs ?? 0) + this.now() - attemptStarted;
        last = { ...this.describe(error, deadline), latencyMs: latency(), ...(sentMs === undefined ? {} : { sentMs }) };
        const pause = this.retryPause(error, attempt);
        // A retry the breaker will refuse unsent (this failure opened it) takes nothing from the budget: it is tried, and turned away.
        if (pause === undefined || !(await deadline.sleep(pause)) || (!this.breakerRefuses && !(await mayRetry()))) return last;
      }
    }
    return last as CallFailure;
  }

  /** The pause before a retry, or undefined when this failure is not worth one. */
  private retryPause(error: unknown, attempt: number): number | undefined {
    if (attempt > 1 || !(error instanceof UpstreamError) || !error.retryable) return undefined;
    if (error.kind === 'rate-limited' && error.retryAfterMs !== undefined) {
      const quiet = Math.min(error.retryAfterMs, MAX_QUIET_MS);
      this.pausedUntil = this.now() + quiet;
      // Jittered still when the platform asked for none (0, or a date already past).
      return Math.max(quiet, randomInt(20, 80));
    }
    return randomInt(20, 80); // jitter: retries of many scans must not land together
  }

  /**
   * What a failed attempt means. opossum's own refusals (turnedAway), a platform's failure by its
   * kind; anything else is a defect of ours and goes on.
   */
  private describe(error: unknown, deadline: CallDeadline): Omit<CallFailure, 'latencyMs'> {
    const refused = turnedAway(error);
    if (refused) return refused;
    if (!(error instanceof UpstreamError)) throw error;
    if (error instanceof BreakerTimeout) return { outcome: 'timeout', detail: 'breaker-timeout', rejected: false };
    if (error.kind === 'timeout') return { outcome: 'timeout', detail: 'timeout', rejected: false };
    if (error.kind === 'aborted' && deadline.cancelled) return { outcome: 'timeout', detail: 'deadline', rejected: false };
    return { outcome: 'error', detail: error.kind, rejected: error.kind === 'rate-limited' };
  }

  get state(): BreakerState {
    if (this.heldOpen || this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  get held(): boolean {
    return this.heldOpen;
  }

  /** Until when the platform asked for quiet (its Retry-After, at most MAX_QUIET_MS): no call is sent before (epoch ms). */
  get quietUntil(): number | undefined {
    return this.now() < this.pausedUntil ? this.pausedUntil : undefined;
  }

  /**
   * Whether a call now would be refused without being sent: held open, quiet, or the breaker open
   * (not half-open, whose probe is sent). Such a call takes nothing from the instance's rate budget.
   */
  get sendsNothing(): boolean {
    return this.quietUntil !== undefined || this.breakerRefuses;
  }

  /** sendsNothing, for a call with `remainingMs` of its deadline left: a half-open probe goes only with a whole timeout (call). */
  sendsNothingWithin(remainingMs: number): boolean {
    return this.sendsNothing || (this.probeWaiting && remainingMs < this.settings.timeoutMs);
  }

  /** Half-open, its one probe not sent yet. */
  private get probeWaiting(): boolean {
    return this.breaker.halfOpen && this.breaker.pendingClose;
  }

  /** Held open, open, or half-open with its one probe sent (pendingClose until it starts): a call now is refused unsent. */
  private get breakerRefuses(): boolean {
    return this.heldOpen || this.breaker.opened || (this.breaker.halfOpen && !this.breaker.pendingClose);
  }

  /** Maintenance by hand: hold open (no calls at all), close, or reset (close and forget the window's counts). */
  apply(action: 'open' | 'close' | 'reset'): void {
    this.onProbation = false;
    if (action === 'open') {
      this.heldOpen = true;
      this.current.open();
      this.emit('state', this.state);
      return;
    }
    this.heldOpen = false;
    this.pausedUntil = 0;
    if (action === 'reset') {
      this.shutdown();
      this.window = new BreakerWindow(this.settings.rollingWindowMs);
      this.current = this.build(this.window);
    } else {
      this.current.close();
    }
    this.emit('state', this.state);
  }

  shutdown(): void {
    this.breaker.shutdown();
    this.window.stop();
  }
}
