import type { StoredStay } from '../domain/checkin';
import type { ExposureNotice } from '../domain/exposure-notice';
import { overlapMs, tracedEnd } from '../tracing/overlap';

/** A citizen's stay as the policy weighs it, with its venue followed by the venues it lies under (a ward, then its hospital). */
export interface ExposureStay {
  stay: StoredStay;
  venueIds: readonly string[];
}

/** What the policy learns from venues: the citizen's recent stays and the notices in force. */
export interface ExposureInputs {
  stays: readonly ExposureStay[];
  notices: readonly ExposureNotice[];
}

export const NO_EXPOSURE: ExposureInputs = { stays: [], notices: [] };

export interface VenueExposure {
  level: ExposureNotice['level'];
  message: string;
}

const DAY = 24 * 3600 * 1000;

/**
 * The exposures a citizen's stays meet, pure: a stay counts for an active notice when it was at one
 * of the notice's venues, or at a venue under one of them, and overlapped its window (half-open
 * intervals, read as a tracer reads them: a stay ending exactly when the window starts did not; an
 * open stay lasts its default stay or until now), for `windowDays` after the last moment of the
 * overlap, that moment included (as the declarations' windows are). One exposure per
 * venue, window and level, naming the venue (its public name) and the window, nothing of anybody else.
 */
export function venueExposures(inputs: ExposureInputs, now: Date, windowDays: number): VenueExposure[] {
  const found = new Map<string, VenueExposure>();
  for (const notice of inputs.notices) {
    if (notice.status !== 'active') continue;
    const window = { fromMs: Date.parse(notice.from), toMs: Date.parse(notice.to) };
    for (const { stay, venueIds } of inputs.stays) {
      if (overlapMs(stay, window, now.getTime()) <= 0) continue;
      if (now.getTime() - Math.min(tracedEnd(stay, now.getTime()), window.toMs) > windowDays * DAY) continue;
      const venue = notice.venues.find((v) => venueIds.includes(v.venueId));
      if (!venue) continue;
      const level = notice.level === 'close-contact' ? 'close contact' : 'to be monitored';
      const message = `was at ${venue.name} within an exposure notice's window, ${notice.from} to ${notice.to}: ${level} for ${windowDays} days after the stay`;
      // Keyed by what it says: two notices naming one venue and window alike (issued again under another case) are said once.
      found.set(`${notice.level}\n${message}`, { level: notice.level, message });
    }
  }
  return [...found.values()];
}
