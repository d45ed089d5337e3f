import { once, type EventEmitter } from 'node:events';

/** Polls until `check` holds, or fails after `timeoutMs`: tests wait for state, never sleep for it. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * The next `event` of `emitter`, or a failure naming `what` after `timeoutMs`. Call it before
 * causing the event, so that an event that comes at once is not missed.
 */
export function nextEvent(emitter: unknown, event: string, timeoutMs: number, what = event): Promise<unknown[]> {
  const next = once(emitter as EventEmitter, event, { signal: AbortSignal.timeout(timeoutMs) }).catch((error: Error) => {
    throw error.name === 'AbortError' ? new Error(`timed out after ${timeoutMs} ms waiting for ${what}`) : error;
  });
  // Awaited later, once the event has been caused: until then, a timeout must not be an unhandled rejection.
  next.catch(() => {});
  return next;
}

/** Until `cancellation` is cancelled (a scan's deadline, a shared call's flight), failing past `timeoutMs`. */
export function cancelled(
  cancellation: { onCancel(listener: () => void): () => void },
  timeoutMs: number,
  what = 'the cancellation',
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      forget();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const forget = cancellation.onCancel(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
