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

  it("closes nothing when given no stays it may pair with (an unlinked subject, or another caller's stays withheld)", () => {
    const change = checkIn([], event({ citizenId: null, venueId: WARD, at: T + 10 * MIN }));
    assert.deepEqual(
      change.writes.map((s) => [s.stayId, s.venueId, s.outSource]),
      [['sty_event0000000000000000', WARD, undefined]],
    );
  });

  it('applied again after a crash (its stay already written) changes nothing', () => {
    const first = checkIn([open()], event({ venueId: WARD, at: T + 10 * MIN }));
    const again = checkIn(first.writes, event({ venueId: WARD, at: T + 10 * MIN }));
    assert.deepEqual(again, { writes: [], answer: first.answer });
  });
});

describe('stays: one visit scanned twice, and events that arrive late', () => {
  it('a check-in at the venue whose stay covers that moment is the same visit: that stay, nothing written', () => {
    // The app at 16:00, the venue's device at 16:00:04.
    assert.deepEqual(checkIn([open()], event({ at: T + 4000 })), { writes: [], answer: open() });
    const closed = open({ out: '2021-07-10T08:30:00+07:00', outSource: 'manual' });
    assert.deepEqual(checkIn([closed], event({ at: T + 29 * MIN })), { writes: [], answer: closed });
    assert.equal(checkIn([closed], event({ at: T + 30 * MIN })).writes.length, 1, 'at its end it is a new visit');
  });

  it('a check-in that arrives after a later one ends where that one begins (next-checkin)', () => {
    const ward = open({ stayId: 'sty_ward00000000000000000', venueId: WARD, in: '2021-07-10T10:30:00+07:00' });
    const late = checkIn([ward], event({ at: T + 120 * MIN }));
    assert.deepEqual(
      late.writes.map((s) => [s.venueId, s.in, s.out, s.outSource]),
      [[MARKET, '2021-07-10T10:00:00+07:00', '2021-07-10T10:30:00+07:00', 'next-checkin']],
    );
    const muchLater = open({ ...ward, in: '2021-07-10T11:00:00+07:00' });
    assert.equal(checkIn([muchLater], event({ at: T + 120 * MIN })).answer.outSource, undefined, 'its default stay ran out first: auto');
  });

  it("a late check-in between two stays moves the earlier one's next-checkin end back to it", () => {
    const first = open({ out: '2021-07-10T11:00:00+07:00', outSource: 'next-checkin' });
    const third = open({ stayId: 'sty_third0000000000000000', venueId: WARD, in: '2021-07-10T11:00:00+07:00' });
    const late = checkIn([first, third], event({ venueId: 'ven_NhaThuocLongChau0000C', at: T + 150 * MIN }));
    assert.deepEqual(
      late.writes.map((s) => [s.stayId, s.out, s.outSource]),
      [
        [first.stayId, '2021-07-10T10:30:00+07:00', 'next-checkin'],
        ['sty_event0000000000000000', '2021-07-10T11:00:00+07:00', 'next-checkin'],
      ],
    );
  });

  describe('after the check-out of the same visit came first (an offline device, a slower write), whose stay was inferred', () => {
    /** The stays after applying these events in this order, each as [venue, in, out, outSource]. */
    type Step = { dir: 'in' | 'out'; venue?: string; minutes: number; stay: string; defaultStay?: number };
    const after = (...events: Step[]) => {
      let stays: StoredStay[] = [];
      for (const { dir, venue = MARKET, minutes, stay, defaultStay = 60 } of events) {
        const at = T + minutes * MIN;
        const change = (dir === 'in' ? checkIn : checkOut)(
          stays,
          event({ venueId: venue, at, stayId: stay, defaultStayMinutes: defaultStay }),
        );
        const written = new Map(change.writes.map((s) => [s.stayId, s]));
        stays = [...stays.filter((s) => !written.has(s.stayId)), ...written.values()];
      }
      return stays
        .map(asRead)
        .map((s) => [s.venueId, s.in, s.out, s.outSource])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    };
    const checkedIn = { dir: 'in', minutes: 120, stay: 'sty_in000000000000000000' } as const;
    const checkedOut = { dir: 'out', minutes: 150, stay: 'sty_out00000000000000000' } as const;

    it('begins the stay at the check-in, closed by that check-out (manual): the same stay as had they come in order', () => {
      // In at 10:00, out at 10:30; the default stay is an hour, so the check-out alone inferred 09:30.
      const inOrder = after(checkedIn, checkedOut);
      assert.deepEqual(inOrder, [[MARKET, '2021-07-10T10:00:00+07:00', '2021-07-10T10:30:00+07:00', 'manual']]);
      assert.deepEqual(after(checkedOut, checkedIn), inOrder);
    });

    it('begins it at a check-in before the guessed start too, when no other stay lies between', () => {
      const early = { ...checkedIn, minutes: 60 };
      assert.deepEqual(after(checkedOut, early), [[MARKET, '2021-07-10T09:00:00+07:00', '2021-07-10T10:30:00+07:00', 'manual']]);
      assert.deepEqual(after(checkedOut, early), after(early, checkedOut));
    });

    it('gives back to the stay the guess cut short (the gap split at its middle) the time until the check-in', () => {
      // At the ward from 09:00 (its default 60 minutes ends 10:00), out of the market 10:30, in the market 09:50.
      const ward = { dir: 'in', venue: WARD, minutes: 60, stay: 'sty_ward00000000000000000' } as const;
      const inMarket = { ...checkedIn, minutes: 110 };
      const expected = [
        [WARD, '2021-07-10T09:00:00+07:00', '2021-07-10T09:50:00+07:00', 'next-checkin'],
        [MARKET, '2021-07-10T09:50:00+07:00', '2021-07-10T10:30:00+07:00', 'manual'],
      ];
      assert.deepEqual(after(ward, inMarket, checkedOut), expected);
      assert.deepEqual(after(ward, checkedOut, inMarket), expected);
      // In the market at 10:20, after the ward's default stay ran out: the ward's stay ends by itself again.
      assert.deepEqual(after(ward, checkedOut, { ...checkedIn, minutes: 140 }), [
        [WARD, '2021-07-10T09:00:00+07:00', '2021-07-10T10:00:00+07:00', 'auto'],
        [MARKET, '2021-07-10T10:20:00+07:00', '2021-07-10T10:30:00+07:00', 'manual'],
      ]);
    });

    /** Every order of these events. */
    const orders = (steps: Step[]): Step[][] =>
      steps.length <= 1
        ? [steps]
        : steps.flatMap((step, i) => orders([...steps.slice(0, i), ...steps.slice(i + 1)]).map((rest) => [step, ...rest]));

    for (const [story, steps] of [
      ['in at the market 10:00, out 10:30', [checkedIn, checkedOut]],
      [
        'in at the ward 10:10, in at the market 10:30, out of it 11:00 (a stay begun inside the guessed one)',
        [
          { dir: 'in', venue: WARD, minutes: 130, stay: 'sty_ward00000000000000000' },
          { dir: 'in', minutes: 150, stay: 'sty_in000000000000000000' },
          { dir: 'out', minutes: 180, stay: 'sty_out00000000000000000' },
        ],
      ],
      [
        "in at the ward 09:00 (30 minutes), in at the market 09:45, out of it 11:00 (two hours): the ward's stay ends by itself",
        [
          { dir: 'in', venue: WARD, minutes: 60, stay: 'sty_ward00000000000000000', defaultStay: 30 },
          { dir: 'in', minutes: 105, stay: 'sty_in000000000000000000', defaultStay: 120 },
          { dir: 'out', minutes: 180, stay: 'sty_out00000000000000000', defaultStay: 120 },
        ],
      ],
      [
        'in and out at the market in the same minute',
        [
          { ...checkedIn, minutes: 180 },
          { ...checkedOut, minutes: 180 },
        ],
      ],
      [
        'in at the ward 09:00 (two hours), in at the cafe 10:10, in at the market 10:40, out of it 11:00: the ward never runs over the cafe',
        [
          { dir: 'in', venue: WARD, minutes: 60, stay: 'sty_ward00000000000000000', defaultStay: 120 },
          { dir: 'in', venue: 'ven_CaPheCongHaiPhong00000C', minutes: 130, stay: 'sty_cafe00000000000000000' },
          { dir: 'in', minutes: 160, stay: 'sty_in000000000000000000' },
          { dir: 'out', minutes: 180, stay: 'sty_out00000000000000000' },
        ],
      ],
    ] as [string, Step[]][])
      it(`gives every order of a visit's events the stays of their order in time: ${story}`, () => {
        const inOrder = after(...steps);
        for (const order of orders(steps)) assert.deepEqual(after(...order), inOrder, order.map((e) => `${e.dir} ${e.minutes}`).join(', '));
      });

    it("takes the app's and the device's check-outs of one visit, both before its check-in, as one: a stay from the check-in, none before it", () => {
      const steps: Step[] = [
        { dir: 'in', minutes: 120, stay: 'sty_in000000000000000000' },
        { dir: 'out', minutes: 150, stay: 'sty_app00000000000000000' },
        { dir: 'out', minutes: 150.5, stay: 'sty_device0000000000000' },
      ];
      for (const order of orders(steps)) {
        const stays = after(...order);
        const why = order.map((e) => `${e.dir} ${e.minutes}`).join(', ');
        assert.equal(stays.length, 1, why);
        assert.deepEqual([stays[0]?.[1], stays[0]?.[3]], ['2021-07-10T10:00:00+07:00', 'manual'], why);
      }
    });

    it('changes nothing when the same check-in comes again', () => {
      const stays = [checkOut([], event({ at: T + 150 * MIN, stayId: checkedOut.stay })).answer];
      const arrived = checkIn(stays, event({ at: T + 120 * MIN, stayId: checkedIn.stay })).answer;
      assert.deepEqual(checkIn([arrived], event({ at: T + 120 * MIN, stayId: checkedIn.stay })), { writes: [], answer: arrived });
    });
  });

  it('a late check-in leaves alone a stay its own check-out closed', () => {
    const closed = open({ out: '2021-07-10T08:50:00+07:00', outSource: 'manual' });
    assert.equal(checkIn([closed], event({ venueId: WARD, at: T + 30 * MIN })).writes.length, 1);
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

  it('at another venue than the open stay closes it where the gap between them is split, and infers the new stay from there', () => {
    // At the market 11:00, a check-out at the ward 11:30: moved some time between; one place at a time.
    const market = open({ in: '2021-07-10T11:00:00+07:00' });
    const change = checkOut([market], event({ venueId: WARD, at: T + 210 * MIN }));
    assert.deepEqual(
      change.writes.map((s) => [s.venueId, s.in, s.out, s.outSource]),
      [
        [MARKET, '2021-07-10T11:00:00+07:00', '2021-07-10T11:15:00+07:00', 'next-checkin'],
        [WARD, '2021-07-10T11:15:00+07:00', '2021-07-10T11:30:00+07:00', 'inferred'],
      ],
    );
  });

  it('at another venue long after the open stay began infers a default stay and closes the open one where it begins', () => {
    const market = open({ defaultStayMinutes: 240 });
    const change = checkOut([market], event({ venueId: WARD, at: T + 180 * MIN }));
    assert.deepEqual(
      change.writes.map((s) => [s.venueId, s.in, s.out, s.outSource]),
      [
        [MARKET, '2021-07-10T08:00:00+07:00', '2021-07-10T10:00:00+07:00', 'next-checkin'],
        [WARD, '2021-07-10T10:00:00+07:00', '2021-07-10T11:00:00+07:00', 'inferred'],
      ],
    );
  });

  it('leaves alone an open stay elsewhere whose default stay ran out before the inferred one begins', () => {
    const change = checkOut([open()], event({ venueId: WARD, at: T + 121 * MIN }));
    assert.deepEqual(
      change.writes.map((s) => [s.venueId, s.in, s.outSource]),
      [[WARD, '2021-07-10T09:01:00+07:00', 'inferred']],
    );
  });

  it('never infers a start before the previous stay ended: it begins where that one ended', () => {
    const closed = open({ out: '2021-07-10T08:40:00+07:00', outSource: 'manual' });
    const change = checkOut([closed], event({ venueId: WARD, at: T + 60 * MIN }));
    assert.deepEqual([change.answer.in, change.answer.out], ['2021-07-10T08:40:00+07:00', '2021-07-10T09:00:00+07:00']);
    const longAgo = checkOut([closed], event({ venueId: WARD, at: T + 101 * MIN }));
    assert.equal(longAgo.answer.in, '2021-07-10T08:41:00+07:00', 'a default stay earlier, once that is after the previous end');
  });

  it('twice at one venue within five minutes is one check-out (the app and the venue device), answered as it stands', () => {
    const closed = open({ out: '2021-07-10T08:20:00+07:00', outSource: 'manual' });
    assert.deepEqual(checkOut([closed], event({ at: T + 20 * MIN + 3000 })), { writes: [], answer: closed });
    assert.deepEqual(checkOut([closed], event({ at: T + 25 * MIN })), { writes: [], answer: closed });
    const later = checkOut([closed], event({ at: T + 25 * MIN + 1 }));
    assert.deepEqual([later.answer.in, later.answer.outSource], ['2021-07-10T08:20:00+07:00', 'inferred']);
  });

  it('closes a stay that a later check-in elsewhere closed, when its own check-out arrives late (manual, at its time)', () => {
    const closed = open({ out: '2021-07-10T09:00:00+07:00', outSource: 'next-checkin' });
    const change = checkOut([closed], event({ at: T + 40 * MIN }));
    assert.deepEqual(
      [change.answer.stayId, change.answer.out, change.answer.outSource],
      [closed.stayId, '2021-07-10T08:40:00+07:00', 'manual'],
    );
  });

  it('after the stay was closed by a check-in elsewhere is inferred, from where that stay ended', () => {
    const closed = open({ out: '2021-07-10T08:20:00+07:00', outSource: 'next-checkin' });
    const change = checkOut([closed], event({ at: T + 30 * MIN }));
    assert.deepEqual([change.answer.in, change.answer.outSource], ['2021-07-10T08:20:00+07:00', 'inferred']);
  });

  it('applied again after a crash (the stay closed at that very moment) changes nothing', () => {
    const first = checkOut([open()], event({ at: T + 25 * MIN }));
    const again = checkOut(first.writes, event({ at: T + 25 * MIN }));
    assert.deepEqual(again, { writes: [], answer: first.answer });
  });
});
