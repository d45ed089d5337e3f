import assert from 'node:assert/strict';
import type { StoredStay } from '../../gateway/domain/checkin';
import { formatIct } from '../../gateway/normalize/dates';
import { putStay, type StayStore } from '../../gateway/store/stay-store';

const KEEP = { keepForMs: 60_000, forgetBeforeMs: 0 };
const MARKET = 'ven_ChoBenThanh000000000A';
const WARD = 'ven_KhoaHoiSucChoRay0000B';
const AN = 'cit_NguyenVanAn00000000';
const at = (hhmm: string) => `2021-07-10T${hhmm}:00+07:00`;
const ms = (hhmm: string) => Date.parse(at(hhmm));
const stay = (id: string, venueId: string, citizenId: string | null, hhmm: string, over: Partial<StoredStay> = {}): StoredStay => ({
  stayId: `sty_${id.padEnd(22, '0')}`,
  venueId,
  citizenId,
  in: at(hhmm),
  defaultStayMinutes: 60,
  ...over,
});

/** The stay store contract: memory, Redis and Redis Cluster pass these same tests. `open` gives a fresh, empty store. */
export function stayStoreContract(open: () => StayStore): void {
  let store: StayStore;
  beforeEach(() => {
    store = open();
  });

  it("finds a stay by its venue and by its citizen, a citizen's newest first and a venue's by start time", async () => {
    const morning = stay('morning', MARKET, AN, '08:00');
    const ward = stay('ward', WARD, AN, '10:00');
    const stranger = stay('stranger', MARKET, null, '09:00');
    for (const s of [ward, stranger, morning]) await putStay(store, s, KEEP);
    assert.deepEqual(await store.citizenStays(AN, 0, Infinity, 10), [ward, morning]);
    assert.deepEqual(await store.venueStays(MARKET, 0, Infinity), [morning, stranger]);
    assert.deepEqual(await store.citizenStays(AN, 0, Infinity, 1), [ward]);
  });

  it("tells which of the stays a citizen held they still hold, by id, in the citizen's own copy alone", async () => {
    const binh = 'cit_TranThiBinh000000000';
    const [morning, ward, hers] = [
      stay('morning', MARKET, AN, '08:00'),
      stay('ward', WARD, AN, '10:00'),
      stay('hers', MARKET, binh, '09:00'),
    ];
    for (const s of [morning, ward, hers]) await putStay(store, s, KEEP);
    assert.deepEqual(await store.heldByCitizen(AN, [ward.stayId, stay('gone', MARKET, AN, '08:00').stayId, morning.stayId, hers.stayId]), [
      true,
      false,
      true,
      false,
    ]);
    assert.deepEqual(await store.heldByCitizen(binh, []), []);
  });

  it('orders stays that start at one moment by id, byte by byte, as a Redis sorted set orders equal scores: every store answers alike', async () => {
    // Two ids that order one way by locale (a before B) and the other by code unit (B before a).
    const [lower, upper] = [stay('aChoBenThanh', MARKET, AN, '08:00'), stay('BKhoaHoiSuc', WARD, AN, '08:00')];
    for (const s of [lower, upper]) await putStay(store, s, KEEP);
    assert.deepEqual(await store.citizenStays(AN, 0, Infinity, 10), [lower, upper], 'newest first: ties by id, descending');
    const both = [stay('aOne', MARKET, null, '09:00'), stay('BTwo', MARKET, null, '09:00')];
    for (const s of both) await putStay(store, s, KEEP);
    assert.deepEqual(
      (await store.venueStays(MARKET, ms('09:00'), ms('09:00'))).map((s) => s.stayId),
      [both[1]?.stayId, both[0]?.stayId],
    );
  });

  it('answers only the stays started within the range, bounds included: a query costs the stays it returns', async () => {
    for (const hhmm of ['07:59', '08:00', '09:00', '09:01']) await putStay(store, stay(hhmm.replace(':', 'h'), MARKET, AN, hhmm), KEEP);
    const inRange = await store.venueStays(MARKET, ms('08:00'), ms('09:00'));
    assert.deepEqual(
      inRange.map((s) => s.in),
      [at('08:00'), at('09:00')],
    );
    assert.equal((await store.citizenStays(AN, ms('08:00'), ms('09:00'), 10)).length, 2);
  });

  it('writes a stay again whole by its id (a closing, or a retry), never twice', async () => {
    const opened = stay('market', MARKET, AN, '08:00');
    await putStay(store, opened, KEEP);
    const closed = { ...opened, out: at('08:30'), outSource: 'manual' as const };
    await putStay(store, closed, KEEP);
    await putStay(store, closed, KEEP);
    assert.deepEqual(await store.citizenStays(AN, 0, Infinity, 10), [closed]);
    assert.deepEqual(await store.venueStays(MARKET, 0, Infinity), [closed]);
  });

  it('reads the stays overlapping a window [from, to): one ending exactly at its start is not one, an auto end counts', async () => {
    const endedAtStart = stay('ended', MARKET, AN, '07:00', { out: at('08:00'), outSource: 'manual' });
    const acrossStart = stay('across', MARKET, AN, '07:30', { out: at('08:01'), outSource: 'manual' });
    const autoIntoWindow = stay('auto', MARKET, null, '07:30');
    const autoBefore = stay('autobefore', MARKET, null, '06:59');
    const inside = stay('inside', MARKET, AN, '09:00', { out: at('09:30'), outSource: 'next-checkin' });
    const startsAtEnd = stay('atend', MARKET, AN, '10:00');
    const elsewhere = stay('ward', WARD, AN, '09:00');
    for (const s of [endedAtStart, acrossStart, autoIntoWindow, autoBefore, inside, startsAtEnd, elsewhere]) await putStay(store, s, KEEP);
    const read = await store.venueStaysOverlapping(MARKET, ms('08:00'), ms('10:00'), 100);
    assert.deepEqual(read, { stays: [acrossStart, autoIntoWindow, inside], more: false });
  });

  it('reads a long window a page at a time, oldest first, and says when more stays lie past the limit', async () => {
    // 2,500 stays a minute apart from 00:00 (well past a page of 1,000), each 60 minutes long (auto).
    const day = Date.parse('2021-07-10T00:00:00+07:00');
    const many = Array.from({ length: 2500 }, (_, i) => ({
      ...stay(`m${String(i).padStart(5, '0')}x`, MARKET, null, '00:00'),
      in: formatIct(day + i * 60_000),
    }));
    await Promise.all(many.map((s) => putStay(store, s, KEEP)));
    const all = await store.venueStaysOverlapping(MARKET, day, day + 3 * 86_400_000, 10_000);
    assert.equal(all.stays.length, 2500);
    assert.equal(all.more, false);
    assert.deepEqual(
      all.stays.map((s) => s.stayId),
      many.map((s) => s.stayId),
    );
    const capped = await store.venueStaysOverlapping(MARKET, day, day + 3 * 86_400_000, 1200);
    assert.deepEqual([capped.stays.length, capped.more], [1200, true]);
  });

  it("claims an event key once: a second claim finds it pending with the first one's fingerprint, then its answer", async () => {
    const answer = {
      stayId: stay('a', MARKET, AN, '08:00').stayId,
      venueId: MARKET,
      in: at('08:00'),
      out: at('09:00'),
      outSource: 'auto' as const,
      linked: true,
    };
    assert.equal(await store.getCheckin('k1'), undefined);
    assert.deepEqual(await store.claimCheckin('k1', 'f1', 60_000), { state: 'claimed' });
    assert.deepEqual(await store.claimCheckin('k1', 'f2', 60_000), { state: 'pending', fingerprint: 'f1' });
    assert.equal(await store.getCheckin('k1'), undefined, 'pending is no answer yet');
    const recorded = { fingerprint: 'f1', stay: answer };
    assert.deepEqual(await store.completeCheckin('k1', recorded, 60_000), recorded);
    assert.deepEqual(
      await store.completeCheckin('k1', { ...recorded, stay: { ...answer, out: at('08:30') } }, 60_000),
      recorded,
      'the first answer stands',
    );
    assert.deepEqual(await store.claimCheckin('k1', 'f2', 60_000), { state: 'done', recorded });
    assert.deepEqual(await store.getCheckin('k1'), recorded);
  });

  it("writes a citizen's stays only under the rev read: of two writers that read the same rev, one writes and the other reads again", async () => {
    const read = await store.readCitizen(AN, 0, Infinity);
    assert.deepEqual(read, { rev: 0, stays: [] });
    const market = stay('market', MARKET, AN, '08:00');
    const ward = stay('ward', WARD, AN, '08:10');
    const [a, b] = await Promise.all([
      store.writeCitizen(AN, read.rev, [{ stay: market, keepForMs: 60_000 }], 0),
      store.writeCitizen(AN, read.rev, [{ stay: ward, keepForMs: 60_000 }], 0),
    ]);
    assert.deepEqual([a, b].sort(), [1, undefined]);
    const after = await store.readCitizen(AN, 0, Infinity);
    assert.equal(after.rev, 1);
    assert.equal(after.stays.length, 1);
    assert.deepEqual(after.stays[0]?.stay, a === 1 ? market : ward);
  });

  it("keeps a venue's copy of a stay at its highest rev: a late copy of an older version never undoes a newer one", async () => {
    const opened = stay('market', MARKET, AN, '08:00');
    const closed = { ...opened, out: at('08:20'), outSource: 'manual' as const };
    await store.copyToVenue({ stay: closed, keepForMs: 60_000, rev: 2 }, 0);
    await store.copyToVenue({ stay: opened, keepForMs: 60_000, rev: 1 }, 0);
    assert.deepEqual(await store.venueStays(MARKET, 0, Infinity), [closed]);
    const reopened = { ...closed, out: at('08:10') };
    await store.copyToVenue({ stay: reopened, keepForMs: 60_000, rev: 3 }, 0);
    assert.deepEqual(await store.venueStays(MARKET, 0, Infinity), [reopened]);
  });

  it("drops a citizen's index entries of stays started before forgetBeforeMs while writing", async () => {
    await putStay(store, stay('old', MARKET, AN, '07:00'), KEEP);
    await putStay(store, stay('new', MARKET, AN, '09:00'), { keepForMs: 60_000, forgetBeforeMs: ms('08:00') });
    assert.deepEqual(
      (await store.citizenStays(AN, 0, Infinity, 10)).map((s) => s.in),
      [at('09:00')],
    );
  });
}
