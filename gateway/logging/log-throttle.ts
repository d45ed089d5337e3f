/**
 * Whether a failure that repeats should be logged now: at most once per `intervalMs`, counted from
 * the last line logged, so that an outage is logged once an interval for as long as it lasts. (Counted
 * from the last failure instead, a failure seen more often than the interval, such as a dead Redis
 * at every reconnection or a fallback at every request, is logged once for the whole outage.)
 */
export function logThrottle(intervalMs: number, now: () => number): () => boolean {
  let lastLogged = Number.NEGATIVE_INFINITY;
  return () => {
    const at = now();
    if (at - lastLogged < intervalMs) return false;
    lastLogged = at;
    return true;
  };
}
