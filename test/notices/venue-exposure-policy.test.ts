import assert from 'node:assert/strict';
import type { StoredStay } from '../../gateway/domain/checkin';
import type { ExposureNotice } from '../../gateway/domain/exposure-notice';
import { checkpointStatus } from '../../gateway/verify/checkpoint-status';
import type { ExposureInputs } from '../../gateway/verify/venue-exposure';
import { goldenNative, mapAccepted } from '../support/mapping';

const DAY = 86_400_000;
const HOTEL = 'ven_KhachSanPari000000000';
const FLOOR = 'ven_KhachSanPariTang30000';
const MARKET = 'ven_ChoSat0000000000000000';
/** "Everyone at the Pari hotel, 2/8A Lê Hồng Phong, Ngô Quyền (Hải Phòng), on 23-25/3": [23/3 00:00, 26/3 00:00). */
const PARI: ExposureNotice = {
  noticeId: 'ntc_PariHaiPhong000000001',
  status: 'active',
  venues: [{ venueId: HOTEL, name: 'Khách sạn Pari' }],
  from: '2021-03-23T00:00:00+07:00',
  to: '2021-03-26T00:00:00+07:00',
  level: 'close-contact',
  message: 'Liên hệ ngay y tế địa phương',
  caseRef: 'HP-2021-0326',
  issuedBy: 'cdc-officer-1',
  issuedAt: '2021-03-26T09:00:00+07:00',
  approvedBy: 'cdc-officer-2',
};
const stay = (venueId: string, from: string, to: string): StoredStay => ({
  stayId: 'sty_0000000000000000000001',
  venueId,
  citizenId: 'cit_NguyenThiMai0000000',
  in: from,
  out: to,
  outSource: 'manual',
  defaultStayMinutes: 60,
});
/** A clean tokhaiyte declaration made at `declaredAt`: green on its own. */
const declared = (declaredAt: string) => {
  const d = mapAccepted('tokhaiyte', goldenNative('tokhaiyte', '07'));
  d.declaredAt = declaredAt;
  return d;
};
const NOW = new Date('2021-03-27T08:00:00+07:00');
const clean = [declared('2021-03-27T07:00:00+07:00')];
const at = (s: StoredStay, notices: ExposureNotice[] = [PARI], venueIds = [s.venueId]): ExposureInputs => ({
  stays: [{ stay: s, venueIds }],
  notices,
});
const NIGHT = stay(HOTEL, '2021-03-24T20:00:00+07:00', '2021-03-25T08:00:00+07:00');

describe('checkpoint policy: venue exposure', () => {
  it('is red for a stay at a close-contact venue within its window, naming the venue and the window only', () => {
    const result = checkpointStatus(clean, NOW, undefined, at(NIGHT));
    assert.equal(result.status, 'red');
    const [reason] = result.reasons;
    assert.equal(reason?.code, 'venue-exposure');
    assert.match(reason!.message, /Khách sạn Pari/);
    assert.match(reason!.message, /2021-03-23T00:00:00\+07:00 to 2021-03-26T00:00:00\+07:00/);
    for (const private_ of ['HP-2021-0326', 'cdc-officer', 'Liên hệ', 'cit_', '20:00']) assert.ok(!reason!.message.includes(private_));
  });

  it('is yellow for a monitor notice', () => {
    const result = checkpointStatus(clean, NOW, undefined, at(NIGHT, [{ ...PARI, level: 'monitor' }]));
    assert.equal(result.status, 'yellow');
    assert.deepEqual(
      result.reasons.map((r) => r.code),
      ['venue-exposure'],
    );
  });

  it('never counts a pending or withdrawn notice', () => {
    for (const status of ['pending', 'withdrawn'] as const)
      assert.equal(checkpointStatus(clean, NOW, undefined, at(NIGHT, [{ ...PARI, status }])).status, 'green');
  });

  it('counts nothing for a stay ending exactly when the window starts, or starting exactly when it ends (half-open)', () => {
    const before = stay(HOTEL, '2021-03-22T20:00:00+07:00', '2021-03-23T00:00:00+07:00');
    const after = stay(HOTEL, '2021-03-26T00:00:00+07:00', '2021-03-26T08:00:00+07:00');
    for (const s of [before, after]) assert.equal(checkpointStatus(clean, NOW, undefined, at(s)).status, 'green');
    const oneMinute = stay(HOTEL, '2021-03-22T20:00:00+07:00', '2021-03-23T00:01:00+07:00');
    assert.equal(checkpointStatus(clean, NOW, undefined, at(oneMinute)).status, 'red');
  });

  it('counts for 14 days after the stay, that very moment included, and no longer', () => {
    const end = Date.parse(NIGHT.out!);
    const edge = new Date(end + 14 * DAY);
    const late = [declared(new Date(edge.getTime() - 3_600_000).toISOString())];
    assert.equal(checkpointStatus(late, edge, undefined, at(NIGHT)).status, 'red');
    assert.equal(checkpointStatus(late, new Date(edge.getTime() + 1), undefined, at(NIGHT)).status, 'green');
  });

  it('counts from the end of the overlap for a stay that went on past the window', () => {
    const longer = stay(HOTEL, '2021-03-25T20:00:00+07:00', '2021-03-27T08:00:00+07:00');
    const edge = new Date(Date.parse(PARI.to) + 14 * DAY);
    const late = [declared(new Date(edge.getTime() - 3_600_000).toISOString())];
    assert.equal(checkpointStatus(late, edge, undefined, at(longer)).status, 'red');
    assert.equal(checkpointStatus(late, new Date(edge.getTime() + 1), undefined, at(longer)).status, 'green');
  });

  it('covers the venues under a notified venue (a floor of the hotel), and no other venue', () => {
    const onFloor = stay(FLOOR, NIGHT.in, NIGHT.out!);
    assert.equal(checkpointStatus(clean, NOW, undefined, at(onFloor, [PARI], [FLOOR, HOTEL])).status, 'red');
    assert.equal(checkpointStatus(clean, NOW, undefined, at(onFloor, [PARI], [FLOOR])).status, 'green');
    const market = stay(MARKET, NIGHT.in, NIGHT.out!);
    assert.equal(checkpointStatus(clean, NOW, undefined, at(market)).status, 'green');
  });

  it('says a venue and window once when two notices name them alike (a notice issued again under another case)', () => {
    const again: ExposureNotice = { ...PARI, noticeId: 'ntc_PariHaiPhong000000002', caseRef: 'HP-2021-0327' };
    const result = checkpointStatus(clean, NOW, undefined, at(NIGHT, [PARI, again]));
    assert.deepEqual(
      result.reasons.map((r) => r.code),
      ['venue-exposure'],
    );
  });

  it('is red for a close contact with no declaration at all, saying so', () => {
    const result = checkpointStatus([], NOW, undefined, at(NIGHT));
    assert.equal(result.status, 'red');
    assert.deepEqual(
      result.reasons.map((r) => r.code),
      ['venue-exposure', 'no-record'],
    );
  });
});
