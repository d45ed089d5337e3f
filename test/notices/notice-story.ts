import assert from 'node:assert/strict';
import { formatIct } from '../../gateway/normalize/dates';
import { goldenNative } from '../support/mapping';
import type { TestGateway } from '../support/test-gateway';

/** Officers of Hải Phòng's CDC: one issues, another approves. */
export const ISSUER = 'cdc-haiphong-tran-thi-lan';
export const APPROVER = 'cdc-haiphong-le-van-hung';
export const CASE = 'HP-BN1520';
const HOUR = 3_600_000;
let serial = 0;

/** The Pari hotel, 2/8A Lê Hồng Phong, Ngô Quyền, Hải Phòng. */
export async function registerPari(gw: TestGateway): Promise<{ venueId: string }> {
  const registered = await gw.call('POST', '/v1/venues', {
    body: {
      name: 'Khách sạn Pari',
      kind: 'permanent',
      address: { province: 'Hải Phòng', district: 'Ngô Quyền', line: '2/8A Lê Hồng Phong' },
    },
  });
  assert.equal(registered.status, 201, registered.text);
  return registered.body;
}

/** Phạm Minh Đức of Lê Chân declares, cleanly, an hour before `now`: his citizen, unified QR and the declaration's platform code. */
export async function declareDuc(gw: TestGateway, now: Date): Promise<{ citizenId: string; qr: string; platformCode: string }> {
  const native = goldenNative('tokhaiyte', '07');
  const at = new Date(now.getTime() - HOUR + 7 * HOUR).toISOString();
  native.ma_to_khai = `TK2103270${String(process.pid % 1000).padStart(3, '0')}${String(++serial).padStart(4, '0')}`;
  native.thoi_gian_khai_bao = `${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)} ${at.slice(11, 16)}`;
  native.di_chuyen.ngay_di = at.slice(0, 10);
  const ingested = await gw.gateway.ingest.ingestNative('tokhaiyte', native);
  assert.ok(ingested.ok && ingested.citizen);
  return { ...ingested.citizen, platformCode: `TKYT:${native.ma_to_khai}` };
}

/** The desk scans the guest's code in at `from` and out at `to`. */
export async function stay(gw: TestGateway, venueId: string, qr: string, from: Date, to: Date): Promise<void> {
  for (const [direction, at] of [
    ['in', from],
    ['out', to],
  ] as const) {
    const res = await gw.call('POST', '/v1/checkins', {
      body: { venue: venueId, direction, at: formatIct(at.getTime()), subject: qr },
      token: gw.token(['checkins:write']),
    });
    assert.equal(res.status, 201, res.text);
  }
}

/** A close-contact notice for the venue over [from, to), issued by ISSUER. */
export function noticeOf(venueId: string, from: Date | string, to: Date | string, level = 'close-contact') {
  const time = (t: Date | string) => (typeof t === 'string' ? t : formatIct(t.getTime()));
  return {
    venues: [venueId],
    from: time(from),
    to: time(to),
    level,
    message: 'Người đã đến Khách sạn Pari, 2/8A Lê Hồng Phong, Ngô Quyền liên hệ ngay y tế địa phương',
    caseRef: CASE,
  };
}

export function issue(gw: TestGateway, body: object, subject = ISSUER) {
  return gw.call('POST', '/v1/exposure-notices', { body, token: gw.token(['tracing'], subject) });
}

export function act(
  gw: TestGateway,
  noticeId: string,
  action: 'approve' | 'withdraw',
  subject = APPROVER,
  headers: Record<string, string> = {},
) {
  return gw.call('POST', `/v1/exposure-notices/${noticeId}/${action}`, {
    route: `/v1/exposure-notices/{noticeId}/${action}`,
    token: gw.token(['tracing', 'tracing:approve'], subject),
    headers,
  });
}

/** Issued by ISSUER and approved by APPROVER: active. Its id. */
export async function activeNotice(gw: TestGateway, body: object): Promise<string> {
  const issued = await issue(gw, body);
  assert.equal(issued.status, 201, issued.text);
  assert.equal((await act(gw, issued.body.noticeId, 'approve')).status, 200);
  return issued.body.noticeId;
}

/** What a checkpoint is answered for this QR. */
export async function scan(gw: TestGateway, qr: string) {
  return gw.call('POST', '/v1/verify', { body: { qr }, token: gw.token(['verify']) });
}
