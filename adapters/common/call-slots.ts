/** A slot taken at once: one promise shared by every call that finds a free slot. */
const TAKEN: Promise<'taken'> = Promise.resolve('taken');

/**
 * The calls one platform client hands its connection pool at once: at most `limit`, one per
 * connection, so the pool itself queues at most for a moment (a slot freed goes to the next call a
 * tick before undici frees its connection: one call in a review's probe). Why: undici acts on a
 * call's AbortSignal only once the call has a connection, so a call cancelled while queued in the
 * pool (a hanging platform, every connection busy) stayed there until a connection freed, and then
 * opened a new connection only to abort on it. Here a waiting call leaves at once when its signal
 * aborts, and never reaches the platform. At most `limit` calls wait: past that a call is refused at once (`full`), which the
 * breaker counts as the platform failing, rather than queued without end.
 */
export class CallSlots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** A slot for one call; release it when the call has ended, however it ended (only after 'taken'). */
  take(signal: AbortSignal): Promise<'taken' | 'cancelled' | 'full'> {
    if (this.busy < this.limit) {
      this.busy += 1;
      return TAKEN;
    }
    if (this.waiting.length >= this.limit) return Promise.resolve('full');
    return new Promise((resolve) => {
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(start), 1);
        resolve('cancelled');
      };
      const start = () => {
        signal.removeEventListener('abort', onAbort);
        this.busy += 1;
        resolve('taken');
      };
      this.waiting.push(start);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(): void {
    this.busy -= 1;
    this.waiting.shift()?.();
  }

  /** Calls holding a slot, and calls waiting for one (for tests). */
  get counts(): { busy: number; waiting: number } {
    return { busy: this.busy, waiting: this.waiting.length };
  }
}
