import assert from 'node:assert/strict';
import { asRead, checkIn, checkOut, MAX_STAY_MS, type StayEvent } from '../../gateway/checkins/stays';
import type { StoredStay } from '../../gateway/domain/checkin';

const MARKET = 'ven_ChoBenThanh000000000A';
const WARD = 'ven_KhoaHoiSucChoRay0000B';
const AN = 'cit_NguyenVanAn00000000';
const T = Date.parse('2021-07-10T08:00:00+07:00');
const MIN = 60_000;

const event = (over: Partial<StayEvent> = {}): StayEvent => ({
  stayId: 'sty_event0000000000000000',
  venueId: MARKET,
  citizenId: AN,
  at: T,
  defaultStayMinutes: 60,
  ...over,
});
const open = (over: Partial<StoredStay> = {}): StoredStay => ({
  stayId: 'sty_open00000000000000000',
  venueId: MARKET,
  citizenId: AN,
  in: '2021-07-10T08:00:00+07:00',
  defaultStayMinutes: 60,
  ...over,
});

describe('stays: a check-in', () => {
  it('opens a stay at the venue, read as ending by itself after the default stay (auto)', () => {
    const change = checkIn([], event());
    assert.equal(change.writes.length, 1);
    assert.deepEqual(asRead(change.answer), {
      stayId: 'sty_event0000000000000000',
      venueId: MARKET,
      citizenId: AN,
      in: '2021-07-10T08:00:00+07:00',
      out: '2021-07-10T09:00:00+07:00',
      outSource: 'auto',
    });
  });

  it('at another venue closes the stay still open at that moment (next-checkin)', () => {
    const change = checkIn([open()], event({ venueId: WARD, at: T + 59 * MIN }));
    assert.deepEqual(
      change.writes.map((s) => [s.venueId, s.out, s.outSource]),
      [
        [MARKET, '2021-07-10T08:59:00+07:00', 'next-checkin'],
        [WARD, undefined, undefined],
      ],
    );
  });

  it('leaves alone a stay whose default stay ran out exactly when the next check-in came (its end is auto)', () => {
    const change = checkIn([open()], event({ venueId: WARD, at: T + 60 * MIN }));
    assert.deepEqual(
      change.writes.map((s) => s.venueId),
      [WARD],
    );
  });

  it('leaves alone a stay already closed by its check-out', () => {
    const closed = open({ out: '2021-07-10T08:30:00+07:00', outSource: 'manual' });
    assert.equal(checkIn([closed], event({ venueId: WARD, at: T + 40 * MIN })).writes.length, 1);
  });

  it('closes nothing for an unlinked subject (no stays are read for it)', () => {
    assert.equal(checkIn([], event({ citizenId: null })).answer.citizenId, null);
  });

  it('applied again after a crash (its stay already written) changes nothing', () => {
    const first = checkIn([open()], event({ venueId: WARD, at: T + 10 * MIN }));
    const again = checkIn(first.writes, event({ venueId: WARD, at: T + 10 * MIN }));
    assert.deepEqual(again, { writes: [], answer: first.answer });
  });
});

describe('stays: a check-out', () => {
  it('closes the open stay at the same venue (manual)', () => {
    const change = checkOut([open()], event({ stayId: 'sty_out000000000000000000', at: T + 25 * MIN }));
    assert.deepEqual(asRead(change.answer), { ...asRead(open()), out: '2021-07-10T08:25:00+07:00', outSource: 'manual' });
  });

  it('closes it even after its default stay ran out, up to a day after the check-in', () => {
    const change = checkOut([open()], event({ stayId: 'sty_out000000000000000000', at: T + MAX_STAY_MS }));
    assert.equal(change.answer.outSource, 'manual');
    assert.equal(change.answer.stayId, open().stayId);
  });

  it('a day and a millisecond after the check-in, makes a stay of its own (inferred)', () => {
    const change = checkOut([open()], event({ stayId: 'sty_out000000000000000000', at: T + MAX_STAY_MS + 1 }));
    assert.equal(change.answer.outSource, 'inferred');
  });

  it('without an open stay makes one that ends then and began the default stay earlier (inferred)', () => {
    const change = checkOut([], event({ at: T, defaultStayMinutes: 480 }));
    assert.deepEqual(asRead(change.answer), {
      stayId: 'sty_event0000000000000000',
      venueId: MARKET,
      citizenId: AN,
      in: '2021-07-10T00:00:00+07:00',
      out: '2021-07-10T08:00:00+07:00',
      outSource: 'inferred',
    });
  });

  it('at another venue than the open stay is inferred there, and leaves the open stay to end by itself', () => {
    const change = checkOut([open()], event({ venueId: WARD, at: T + 5 * MIN }));
    assert.deepEqual(
      change.writes.map((s) => [s.venueId, s.outSource]),
      [[WARD, 'inferred']],
    );
  });

  it('after the stay was closed by a check-in elsewhere is inferred', () => {
    const closed = open({ out: '2021-07-10T08:20:00+07:00', outSource: 'next-checkin' });
    assert.equal(checkOut([closed], event({ at: T + 30 * MIN })).answer.outSource, 'inferred');
  });

  it('applied again after a crash (the stay closed at that very moment) changes nothing', () => {
    const first = checkOut([open()], event({ at: T + 25 * MIN }));
    const again = checkOut(first.writes, event({ at: T + 25 * MIN }));
    assert.deepEqual(again, { writes: [], answer: first.answer });
  });
});
