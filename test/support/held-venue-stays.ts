import type { StayStore } from '../../gateway/store/stay-store';

/**
 * Holds every read of a venue's stays (what a tracing query reads) until `release`, counting the
 * reads waiting: a query held mid-way, to fill a process's tracing slots or outlast its budget.
 * `restore` puts the store's own read back (and releases what waits).
 */
export function holdVenueStays(stays: StayStore): { waiting: () => number; release: () => void; restore: () => void } {
  const read = stays.venueStaysOverlapping.bind(stays);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let waiting = 0;
  stays.venueStaysOverlapping = async (...args) => {
    waiting += 1;
    await held;
    return read(...args);
  };
  return {
    waiting: () => waiting,
    release,
    restore: () => {
      release();
      stays.venueStaysOverlapping = read;
    },
  };
}

/** Waits, turn by turn, until `count` reads are held (at most five seconds). */
export async function untilHeld(hold: { waiting: () => number }, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (hold.waiting() < count && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
}
