import assert from 'node:assert/strict';
import type { StoredStay } from '../../gateway/domain/checkin';
import { overlapMs, tracedStay, type TracingWindow } from '../../gateway/tracing/overlap';

/** The Pari hotel, 2/8A Lê Hồng Phong, Ngô Quyền, Hải Phòng: the notice's window, 23/3 to the end of 25/3. */
const HOTEL = 'ven_KhachSanPari00000000';
const HUNG = 'cit_PhamVanHung00000000';
const t = (text: string) => Date.parse(`2021-03-${text}+07:00`);
const WINDOW: TracingWindow = { fromMs: t('23T00:00:00'), toMs: t('26T00:00:00') };
/** Long after the window: every open stay has run out by itself. */
const LATER = t('30T12:00:00');
const MIN = 60_000;

const stay = (inAt: string, over: Partial<StoredStay> = {}): StoredStay => ({
  stayId: 'sty_hotel0000000000000000',
  venueId: HOTEL,
  citizenId: HUNG,
  in: `2021-03-${inAt}+07:00`,
  defaultStayMinutes: 60,
  ...over,
});
const closed = (inAt: string, outAt: string) => stay(inAt, { out: `2021-03-${outAt}+07:00`, outSource: 'manual' });

describe('tracing: the overlap of a stay with a window, both half-open', () => {
  it('counts nothing for a stay that ended exactly when the window starts', () => {
    assert.equal(overlapMs(closed('22T21:00:00', '23T00:00:00'), WINDOW, LATER), 0);
    assert.equal(tracedStay(closed('22T21:00:00', '23T00:00:00'), WINDOW, 0, LATER), undefined);
  });

  it('counts nothing for a stay that began exactly when the window ends', () => {
    assert.equal(tracedStay(closed('26T00:00:00', '26T02:00:00'), WINDOW, 0, LATER), undefined);
  });

  it('counts one minute for a stay that ended a minute into the window', () => {
    assert.equal(tracedStay(closed('22T21:00:00', '23T00:01:00'), WINDOW, 0, LATER)?.overlapMinutes, 1);
  });

  it('counts a stay inside the window whole, and one across its end up to the end', () => {
    assert.equal(tracedStay(closed('24T14:00:00', '24T16:30:00'), WINDOW, 0, LATER)?.overlapMinutes, 150);
    assert.equal(tracedStay(closed('25T23:00:00', '26T08:00:00'), WINDOW, 0, LATER)?.overlapMinutes, 60);
  });

  it('reads a stay never closed as ending its default stay after it began (auto)', () => {
    const traced = tracedStay(stay('24T10:00:00', { defaultStayMinutes: 480 }), WINDOW, 0, LATER);
    assert.deepEqual(traced, {
      citizenId: HUNG,
      venueId: HOTEL,
      in: '2021-03-24T10:00:00+07:00',
      out: '2021-03-24T18:00:00+07:00',
      outSource: 'auto',
      overlapMinutes: 480,
    });
  });

  it('reads a stay still open now as lasting until now, not until its default stay runs out', () => {
    const now = t('24T10:20:00');
    const traced = tracedStay(stay('24T10:00:00'), WINDOW, 0, now);
    assert.equal(traced?.out, '2021-03-24T10:20:00+07:00');
    assert.equal(traced?.overlapMinutes, 20);
    // Begun a moment ahead of the gateway's clock (within its skew): it has lasted nothing yet.
    assert.equal(tracedStay(stay('24T10:21:00'), WINDOW, 0, now), undefined);
  });

  it('keeps a stay only when it overlapped at least minOverlapMinutes, whole minutes rounded down', () => {
    const short = closed('24T14:00:00', '24T14:14:30');
    assert.equal(overlapMs(short, WINDOW, LATER), 14.5 * MIN);
    assert.equal(tracedStay(short, WINDOW, 14, LATER)?.overlapMinutes, 14);
    assert.equal(tracedStay(short, WINDOW, 15, LATER), undefined);
  });

  it('answers an unlinked stay as such, with no citizen', () => {
    assert.equal(tracedStay(stay('24T10:00:00', { citizenId: null }), WINDOW, 0, LATER)?.citizenId, null);
  });
});
