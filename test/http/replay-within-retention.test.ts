import assert from 'node:assert/strict';
import { formatIct } from '../../gateway/normalize/dates';
import { goldenNative } from '../support/mapping';
import { TestGateway } from '../support/test-gateway';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** The memory store's replays expire on the gateway's clock, moved here (Redis's, on its own, by the same number of seconds). */
let now = Date.parse('2021-08-16T12:00:00+07:00');

/**
 * An Idempotency-Key keeps an answer a day for its replays, but never past the personal data it
 * holds: a stay, a declaration near the end of its retention. Past it, the request runs again and
 * is refused past retention, as the same request without a key is; before, the replay handed out
 * for a day what the gateway had deleted.
 */
describe('a replay kept no longer than what its answer holds', () => {
  let gw: TestGateway;
  let market: string;

  before(async () => {
    gw = await TestGateway.start({ DECLARATION_RETENTION_DAYS: '28' }, () => new Date(now));
    market = (await gw.call('POST', '/v1/venues', { body: { name: 'Chợ Bến Thành', kind: 'permanent', address: { province: '79' } } })).body
      .venueId;
  });
  after(() => gw?.stop());

  const keyed = (key: string) => ({ 'idempotency-key': key });

  it('answers a check-in replay while its stay is kept, then runs it again: past retention, a 422', async () => {
    // Nguyễn Văn An checked in 21 days ago less 2 hours: his open stay (a default hour) may yet be cut
    // short by a check-out, so its replay is kept until its start's retention ends, 2 hours from now.
    const body = {
      venue: market,
      direction: 'in',
      at: formatIct(now - 21 * DAY + 2 * HOUR),
      subject: { identifiers: [{ system: 'vn-cccd', value: '079085001234' }] },
    };
    const send = () => gw.call('POST', '/v1/checkins', { body, token: gw.token(['checkins:write']), headers: keyed('edge-1') });
    assert.equal((await send()).status, 201);
    now += HOUR;
    const within = await send();
    assert.deepEqual([within.status, within.headers.get('idempotent-replayed')], [201, 'true']);
    now += HOUR + 60_000;
    const past = await send();
    assert.deepEqual([past.status, past.headers.get('idempotent-replayed')], [422, null]);
    assert.equal(past.body.errors[0].code, 'past-retention');
  });

  it('keeps no check-in replay past its stay when a check-out cut the stay short (hostile probe: it outlived it by the default hour)', async () => {
    const subject = { identifiers: [{ system: 'vn-cccd', value: '079190012345' }] };
    const event = (direction: string, minutes: number) => ({
      venue: market,
      direction,
      at: formatIct(now - 21 * DAY + minutes * 60_000),
      subject,
    });
    const send = (body: object, key: string) =>
      gw.call('POST', '/v1/checkins', { body, token: gw.token(['checkins:write']), headers: keyed(key) });
    const checkIn = event('in', 2);
    assert.equal((await send(checkIn, 'edge-2')).status, 201);
    assert.equal((await send(event('out', 4), 'edge-3')).status, 201);
    // Five minutes on, the stay (ended by its check-out a minute ago less retention) is gone, and so is the check-in's replay.
    now += 5 * 60_000;
    const again = await send(checkIn, 'edge-2');
    assert.deepEqual([again.status, again.headers.get('idempotent-replayed')], [422, null]);
  });

  /** Nguyễn Văn An's tokhaiyte record declared 28 days ago less an hour: kept another hour. */
  const nearlyGone = (code: string) => {
    const declaredAt = new Date(now - 28 * DAY + HOUR);
    const record = {
      ...goldenNative('tokhaiyte', '01'),
      ma_to_khai: code,
      thoi_gian_khai_bao: formatIct(declaredAt)
        .slice(0, 16)
        .replace(/^(\d{4})-(\d{2})-(\d{2})T/, '$3/$2/$1 '),
    };
    record.di_chuyen.ngay_di = formatIct(declaredAt).slice(0, 10).split('-').reverse().join('/');
    return record;
  };

  it('answers a declaration batch replay while its declarations are kept, then runs it again: its line refused past retention', async () => {
    const raw = `${JSON.stringify(nearlyGone('TK21081500077002'))}\n`;
    const send = () =>
      gw.call('POST', '/v1/sources/tokhaiyte/declarations:batch', {
        raw,
        headers: { 'content-type': 'application/x-ndjson', ...keyed('edge-3') },
        route: '/v1/sources/{instance}/declarations:batch',
      });
    assert.match((await send()).text, /"status":"created"/);
    now += HOUR / 2;
    const within = await send();
    assert.equal(within.headers.get('idempotent-replayed'), 'true');
    assert.doesNotMatch(within.text, /keptForMs/, 'the line holds what it always held');
    now += HOUR;
    const past = await send();
    assert.equal(past.headers.get('idempotent-replayed'), null);
    assert.match(past.text, /"code":"past-retention"/);
  });

  it('keeps no replay of a batch none of whose lines took: it runs again, as a refused single record does', async () => {
    const refused = `${JSON.stringify({ ...goldenNative('tokhaiyte', '01'), ma_to_khai: 'TK21081500077003', nam_sinh: 2999 })}\n`;
    const send = (raw: string) =>
      gw.call('POST', '/v1/sources/tokhaiyte/declarations:batch', {
        raw,
        headers: { 'content-type': 'application/x-ndjson', ...keyed('edge-4') },
        route: '/v1/sources/{instance}/declarations:batch',
      });
    const first = await send(refused);
    assert.match(first.text, /"refused":1/);
    const again = await send(refused);
    assert.equal(again.headers.get('idempotent-replayed'), null, 'run again, not replayed');
  });

  it('answers a declaration replay while the declaration is kept, then runs it again: past retention, a 422', async () => {
    const record = nearlyGone('TK21081500077001');
    const send = () =>
      gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
        body: record,
        route: '/v1/sources/{instance}/declarations',
        headers: keyed('edge-2'),
      });
    const first = await send();
    assert.equal(first.status, 201, JSON.stringify(first.body));
    now += HOUR / 2;
    assert.equal((await send()).headers.get('idempotent-replayed'), 'true');
    now += HOUR;
    const past = await send();
    assert.deepEqual([past.status, past.headers.get('idempotent-replayed')], [422, null]);
  });
});
