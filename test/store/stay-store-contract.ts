import assert from 'node:assert/strict';
import type { StoredStay } from '../../gateway/domain/checkin';
import type { StayStore } from '../../gateway/store/stay-store';

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
    for (const s of [ward, stranger, morning]) await store.putStay(s, KEEP);
    assert.deepEqual(await store.citizenStays(AN, 0, Infinity, 10), [ward, morning]);
    assert.deepEqual(await store.venueStays(MARKET, 0, Infinity), [morning, stranger]);
    assert.deepEqual(await store.citizenStays(AN, 0, Infinity, 1), [ward]);
  });

  it('answers only the stays started within the range, bounds included: a query costs the stays it returns', async () => {
    for (const hhmm of ['07:59', '08:00', '09:00', '09:01']) await store.putStay(stay(hhmm.replace(':', 'h'), MARKET, AN, hhmm), KEEP);
    const inRange = await store.venueStays(MARKET, ms('08:00'), ms('09:00'));
    assert.deepEqual(
      inRange.map((s) => s.in),
      [at('08:00'), at('09:00')],
    );
    assert.equal((await store.citizenStays(AN, ms('08:00'), ms('09:00'), 10)).length, 2);
  });

  it('writes a stay again whole by its id (a closing, or a retry), never twice', async () => {
    const opened = stay('market', MARKET, AN, '08:00');
    await store.putStay(opened, KEEP);
    const closed = { ...opened, out: at('08:30'), outSource: 'manual' as const };
    await store.putStay(closed, KEEP);
    await store.putStay(closed, KEEP);
    assert.deepEqual(await store.citizenStays(AN, 0, Infinity, 10), [closed]);
    assert.deepEqual(await store.venueStays(MARKET, 0, Infinity), [closed]);
  });

  it("records a check-in's first answer once: a second answer under the same key gets the first", async () => {
    const first = { fingerprint: 'f1', stay: { ...stay('a', MARKET, AN, '08:00'), out: at('09:00'), outSource: 'auto' as const } };
    const { defaultStayMinutes: _unused, ...answered } = first.stay;
    const recorded = { fingerprint: 'f1', stay: answered };
    assert.equal(await store.getCheckin('k1'), undefined);
    assert.deepEqual(await store.recordCheckin('k1', recorded, 60_000), { first: true, recorded });
    assert.deepEqual(await store.recordCheckin('k1', { ...recorded, fingerprint: 'f2' }, 60_000), { first: false, recorded });
    assert.deepEqual(await store.getCheckin('k1'), recorded);
  });
}
