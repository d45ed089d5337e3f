import assert from 'node:assert/strict';
import { createAdapterRegistry, type RefusalReason } from '../../adapters';
import type { MappingContext } from '../../adapters/common/adapter-types';
import { tokhaiyte } from '../../adapters/tokhaiyte/tokhaiyte-adapter';
import { goldenNative, mapAccepted, mapRefused } from '../support/mapping';

/** The mapping support receives every record at 2021-08-20 08:00 (+07:00); these are relative to it. */
const YEAR_AHEAD = '2022-08-20T08:00:00+07:00';
const reasonAt = (reasons: RefusalReason[], pointer: string) => reasons.find((r) => r.pointer === pointer);

/** A refusal naming exactly `pointer` with `code`, and a message that does not repeat `value`. */
function assertRefusedAt(reasons: RefusalReason[], pointer: string, code: string, value?: string): void {
  const reason = reasonAt(reasons, pointer);
  assert.ok(reason, `no reason at ${pointer}: ${JSON.stringify(reasons)}`);
  assert.equal(reason.code, code);
  if (value !== undefined) assert.ok(!reason.message.includes(value), reason.message);
}

describe('times in the future or before 1900 are refused by the mapping, naming the native field', () => {
  it('refuses a Bluezone record whose updatedAt is a year ahead of its arrival, naming /updatedAt', () => {
    assertRefusedAt(
      mapRefused('bluezone', { ...goldenNative('bluezone', '01'), updatedAt: YEAR_AHEAD }),
      '/updatedAt',
      'invalid-date',
      '2022',
    );
  });

  it('refuses a Bluezone lastContactAt a year ahead, naming /lastContactAt', () => {
    assertRefusedAt(
      mapRefused('bluezone', { ...goldenNative('bluezone', '01'), lastContactAt: '2022-08-13T14:20:00Z' }),
      '/lastContactAt',
      'invalid-date',
    );
  });

  it('refuses an NCOVI createdAt a year ahead, naming /createdAt', () => {
    assertRefusedAt(
      mapRefused('ncovi', { ...goldenNative('ncovi', '01'), createdAt: Date.parse(YEAR_AHEAD) }),
      '/createdAt',
      'invalid-date',
    );
  });

  it('refuses a Zalo submitted_at a year ahead, naming /submitted_at', () => {
    assertRefusedAt(
      mapRefused('zalo', { ...goldenNative('zalo', '01'), submitted_at: Date.parse(YEAR_AHEAD) / 1000 }),
      '/submitted_at',
      'invalid-date',
    );
  });

  it('refuses a C06 thoiGian a year ahead, naming /thoiGian', () => {
    assertRefusedAt(mapRefused('c06', { ...goldenNative('c06', '01'), thoiGian: YEAR_AHEAD }), '/thoiGian', 'invalid-date');
  });

  it('refuses a SmartCity timestamp a year ahead, naming /timestamp', () => {
    assertRefusedAt(
      mapRefused('smartcity-hanoi', { ...goldenNative('smartcity-hanoi', '01'), timestamp: '2022-08-20 08:00:00' }),
      '/timestamp',
      'invalid-date',
    );
  });

  it('refuses a tokhaiyte thoi_gian_khai_bao a year ahead, naming /thoi_gian_khai_bao', () => {
    assertRefusedAt(
      mapRefused('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), thoi_gian_khai_bao: '20/08/2022 08:00' }),
      '/thoi_gian_khai_bao',
      'invalid-date',
      '2022',
    );
  });

  it('refuses a tokhaiyte declaration dated before 1900', () => {
    assertRefusedAt(
      mapRefused('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), thoi_gian_khai_bao: '15/08/1899 07:45' }),
      '/thoi_gian_khai_bao',
      'invalid-date',
    );
  });

  it('accepts a time within the five minutes of clock skew, and refuses one just past it', () => {
    assert.equal(
      mapAccepted('c06', { ...goldenNative('c06', '01'), thoiGian: '2021-08-20T08:05:00+07:00' }).declaredAt,
      '2021-08-20T08:05:00+07:00',
    );
    assertRefusedAt(
      mapRefused('c06', { ...goldenNative('c06', '01'), thoiGian: '2021-08-20T08:05:01+07:00' }),
      '/thoiGian',
      'invalid-date',
    );
  });

  it('refuses a trip dated years ahead, and accepts one declared 30 days before it is made', () => {
    const trip = (ngay_di: string) => ({
      ...goldenNative('tokhaiyte', '01'),
      di_chuyen: { ...goldenNative('tokhaiyte', '01').di_chuyen, ngay_di },
    });
    assertRefusedAt(mapRefused('tokhaiyte', trip('15/08/2024')), '/di_chuyen/ngay_di', 'invalid-date');
    assert.equal(mapAccepted('tokhaiyte', trip('19/09/2021')).travel?.date, '2021-09-19');
    assertRefusedAt(mapRefused('tokhaiyte', trip('20/09/2021')), '/di_chuyen/ngay_di', 'invalid-date');
    const record = goldenNative('ncovi', '01');
    record.travel.date = '2031-08-15';
    assertRefusedAt(mapRefused('ncovi', record), '/travel/date', 'invalid-date');
  });

  it('refuses a SmartCity travel history dated years ahead or before 1900, naming the trip', () => {
    const record = goldenNative('smartcity-hanoi', '01');
    record.travelHistory = [
      { province: 'Bắc Ninh', from: '2021-07-10', to: '2027-07-12' },
      { province: 'Hà Nam', from: '1899-07-10', to: '2021-07-12' },
    ];
    const reasons = mapRefused('smartcity-hanoi', record);
    assertRefusedAt(reasons, '/travelHistory/0/to', 'invalid-date');
    assertRefusedAt(reasons, '/travelHistory/1/from', 'invalid-date');
  });

  it('refuses a birth date before 1900 on every platform that carries one', () => {
    assertRefusedAt(mapRefused('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), nam_sinh: 1899 }), '/nam_sinh', 'invalid-date');
    assertRefusedAt(mapRefused('c06', { ...goldenNative('c06', '01'), ngaySinh: '31/12/1899' }), '/ngaySinh', 'invalid-date');
  });

  it('measures "now" from the arrival, never from the clock: a record of 2021 received in 2021 is not in the past of today', () => {
    const registry = createAdapterRegistry();
    const record = { ...goldenNative('bluezone', '01'), updatedAt: '2021-08-15T01:06:00Z' };
    assert.equal(registry.get('bluezone')!.toCanonical(record, '2021-08-15T08:00:00+07:00').ok, false);
    assert.equal(registry.get('bluezone')!.toCanonical(record, '2021-08-15T08:01:00+07:00').ok, true);
  });
});

describe('empty or blank times are refusals, never a declaration without its time', () => {
  const cases: [instance: string, fileStart: string, pointer: string, blank: unknown][] = [
    ['bluezone', '01', '/updatedAt', ''],
    ['c06', '01', '/thoiGian', ''],
    ['smartcity-hanoi', '01', '/timestamp', ' '],
    ['tokhaiyte', '01', '/thoi_gian_khai_bao', '\t'],
    ['smartcity-haiphong', '02', '/timestamp', '\u3000'],
  ];
  for (const [instance, fileStart, pointer, blank] of cases) {
    it(`refuses a ${instance} record whose ${pointer} is ${JSON.stringify(blank)}, naming it as missing`, () => {
      const record = goldenNative(instance, fileStart);
      record[pointer.slice(1)] = blank;
      assertRefusedAt(mapRefused(instance, record), pointer, 'missing');
    });
  }

  it('refuses an NCOVI or Zalo record whose epoch time is null, naming it', () => {
    assert.ok(reasonAt(mapRefused('ncovi', { ...goldenNative('ncovi', '01'), createdAt: null }), '/createdAt'));
    assert.ok(reasonAt(mapRefused('zalo', { ...goldenNative('zalo', '01'), submitted_at: null }), '/submitted_at'));
  });

  it('refuses a blank birth date where the form always asks it (tokhaiyte, NCOVI, C06)', () => {
    assertRefusedAt(mapRefused('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), nam_sinh: ' ' }), '/nam_sinh', 'missing');
    assertRefusedAt(mapRefused('c06', { ...goldenNative('c06', '01'), ngaySinh: '' }), '/ngaySinh', 'missing');
    const record = goldenNative('ncovi', '01');
    record.profile.dob = '';
    assertRefusedAt(mapRefused('ncovi', record), '/profile/dob', 'missing');
  });

  it('reads a blank Bluezone lastContactAt as no contact time: the risk level still arrives', () => {
    const declaration = mapAccepted('bluezone', { ...goldenNative('bluezone', '01'), lastContactAt: ' ' });
    assert.equal(declaration.health?.riskLevel, 'F1');
    assert.equal(declaration.health?.lastContactAt, undefined);
  });
});

describe('a mapping context used again for another arrival judges the record by that arrival', () => {
  it('accepts a TKYT record refused at an arrival before it once the same context says it arrived later', () => {
    const context: MappingContext = {
      instance: { name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'http://127.0.0.1:1' },
      receivedAt: '2021-08-10T08:00:00+07:00',
      futureSkewMs: 5 * 60_000,
    };
    const native = goldenNative('tokhaiyte', '01');
    assert.equal(tokhaiyte.toCanonical(native, context).ok, false, 'declared after an arrival of 2021-08-10');
    context.receivedAt = '2021-08-20T08:00:00+07:00';
    const again = tokhaiyte.toCanonical(native, context);
    assert.ok(again.ok, JSON.stringify(again.ok ? {} : again.reasons));
    assert.equal(again.declaration.source.receivedAt, '2021-08-20T08:00:00+07:00');
  });
});
