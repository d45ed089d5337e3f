import { Cancellation, pauseWithin, type CallDeadline, type Deadline } from './deadline';

/** What a caller of a shared call gets: its value, and whether another caller had started it. */
export interface Joined<T> {
  value: T;
  shared: boolean;
}

/** Calls in flight at once; past it a call is made unshared (each scan's bound is VERIFY_MAX_IN_FLIGHT anyway). */
export const MAX_FLIGHTS = 10_000;

/**
 * One call in flight, and the scans waiting for it. Its time is theirs together: it is cancelled
 * only when the last of them has given up (its deadline came), never by one scan's deadline while
 * another still waits; the time left for a retry is the longest any of them has.
 */
class Flight<T> extends Cancellation implements CallDeadline {
  private readonly waiting = new Set<Deadline>();
  readonly settled: Promise<T>;

  constructor(first: Deadline, work: (deadline: CallDeadline) => Promise<T>, onAbandoned: () => void) {
    super();
    // The guarded call reads the time left as it starts: the first scan's deadline is counted from the beginning.
    this.waiting.add(first);
    this.settled = work(this);
    this.onCancel(onAbandoned);
  }

  remainingMs(): number {
    let longest = 0;
    for (const deadline of this.waiting) longest = Math.max(longest, deadline.remainingMs());
    return longest;
  }

  sleep(ms: number): Promise<boolean> {
    return pauseWithin(ms, this.remainingMs(), this);
  }

  /**
   * The call's value for a scan with `deadline`; undefined when that deadline comes first while
   * others still wait. The last scan to give up cancels the call and, as an unshared call's scan
   * did, gets the call's own end (a timeout, promptly, since it is cancelled).
   */
  wait(deadline: Deadline): Promise<T | undefined> {
    this.waiting.add(deadline);
    return new Promise<T | undefined>((resolve, reject) => {
      const forget = deadline.onCancel((reason) => {
        this.waiting.delete(deadline);
        if (this.waiting.size > 0) return resolve(undefined);
        this.cancel(reason);
      });
      // A late value after this scan left settles an already settled promise: it is dropped.
      this.settled.then(resolve, reject).finally(() => {
        forget();
        this.waiting.delete(deadline);
      });
    });
  }
}

/**
 * Single flight: concurrent asks for the same key (an instance and an opaque lookup subject)
 * share one call, started by the first and removed from the map when it settles, so that a
 * surge of scans of one citizen costs each platform one call. The map holds calls in flight only
 * (bounded by MAX_FLIGHTS); its keys are never logged nor counted by name.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  constructor(private readonly maxFlights = MAX_FLIGHTS) {}

  async run(key: string, deadline: Deadline, work: (deadline: CallDeadline) => Promise<T>): Promise<Joined<T> | undefined> {
    const current = this.flights.get(key);
    if (current) {
      const value = await current.wait(deadline);
      return value === undefined ? undefined : { value, shared: true };
    }
    // The flight leaves the map as soon as nobody waits for it (cancelled) or it settles, whichever is first.
    const leave = () => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    };
    const flight = new Flight(deadline, work, leave);
    if (this.flights.size < this.maxFlights) this.flights.set(key, flight);
    const waited = flight.wait(deadline);
    flight.settled.then(leave, leave);
    const value = await waited;
    return value === undefined ? undefined : { value, shared: false };
  }

  /** Calls in flight now. */
  get size(): number {
    return this.flights.size;
  }
}
