import assert from 'node:assert/strict';
import { HOLDS_PERSONAL_NUMBER, OPAQUE_ID, OPAQUE_ID_WITHOUT_COLON } from '../../adapters/common/record-ids';
import bluezone from '../../schemas/native-bluezone.schema.json';
import c06 from '../../schemas/native-c06.schema.json';
import ncovi from '../../schemas/native-ncovi.schema.json';
import smartcity from '../../schemas/native-smartcity.schema.json';
import tokhaiyte from '../../schemas/native-tokhaiyte.schema.json';
import zalo from '../../schemas/native-zalo.schema.json';
import { goldenNative, mapAccepted, mapRefused, pointers } from '../support/mapping';

describe('opaque record ids', () => {
  it('are the same rule in the native schemas as in the QR recognisers', () => {
    const withColon = [
      tokhaiyte.properties.ma_to_khai,
      ncovi.properties.id,
      bluezone.properties.bluezoneId,
      c06.properties.maKhaiBao,
      zalo.properties.zalo_user_id,
    ];
    for (const property of withColon) assert.equal(property.pattern, OPAQUE_ID.source);
    for (const property of [zalo.properties.submission_id, zalo.properties.oa_id, smartcity.properties.reportId])
      assert.equal(property.pattern, OPAQUE_ID_WITHOUT_COLON.source);
  });

  it('take 1 to 64 letters of either case, digits, -, _, . and :, with at least one letter or digit', () => {
    for (const id of ['a', 'Z9', 'tk-2021.08.15:000123', 'BZ_7k2m', 'x'.repeat(64), '-a-', '.1']) assert.ok(OPAQUE_ID.test(id), id);
    for (const id of [
      '',
      'x'.repeat(65),
      '.',
      '..',
      '-',
      ':-:',
      'a b',
      'a\tb',
      'a/b',
      'a?b',
      'a%2e',
      'Nguyễn',
      'a\u0000b',
      'a\u200bb',
      '😷',
    ])
      assert.ok(!OPAQUE_ID.test(id), JSON.stringify(id));
    assert.ok(!OPAQUE_ID_WITHOUT_COLON.test('a:b'));
  });

  it('decide in linear time, even on a 300,000-character input', () => {
    const started = process.hrtime.bigint();
    for (const input of [`${'a'.repeat(300_000)}!`, `${'-'.repeat(300_000)}a`, '.'.repeat(300_000)]) {
      OPAQUE_ID.test(input);
      OPAQUE_ID_WITHOUT_COLON.test(input);
      HOLDS_PERSONAL_NUMBER.test(input);
    }
    assert.ok(process.hrtime.bigint() - started < 1_000_000_000n);
  });

  it('are accepted by every mapping in a shape other than the documented example, and kept as sent', () => {
    assert.equal(mapAccepted('bluezone', { ...goldenNative('bluezone', '01'), bluezoneId: 'bz7k2m9qxa' }).source.recordId, 'bz7k2m9qxa');
    assert.equal(mapAccepted('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), ma_to_khai: 'TK-2021:15' }).source.recordId, 'TK-2021:15');
    assert.equal(
      mapAccepted('smartcity-hanoi', { ...goldenNative('smartcity-hanoi', '01'), reportId: 'hn.2021.0720.1' }).source.recordId,
      'hn.2021.0720.1',
    );
    assert.equal(
      mapAccepted('zalo', { ...goldenNative('zalo', '01'), submission_id: 'Sub_1', oa_id: 'CongAn-HaNam' }).source.recordScope,
      'CongAn-HaNam',
    );
  });

  it('refuse a Zalo or SmartCity id holding ":", which their QR texts use to separate parts', () => {
    assert.deepEqual(pointers(mapRefused('zalo', { ...goldenNative('zalo', '01'), submission_id: '7301:9283' })), ['/submission_id']);
    assert.deepEqual(pointers(mapRefused('smartcity-hanoi', { ...goldenNative('smartcity-hanoi', '01'), reportId: 'HN:2021' })), [
      '/reportId',
    ]);
  });

  it('refuse a C06 passage code that holds a 12-digit number, since the code is shown in QR codes', () => {
    for (const maKhaiBao of ['079085001234', 'C06:079085001234', 'KB-079085001234-1']) {
      const reasons = mapRefused('c06', { ...goldenNative('c06', '01'), maKhaiBao });
      assert.deepEqual(
        reasons.map((r) => [r.pointer, r.code]),
        [['/maKhaiBao', 'not-allowed']],
        maKhaiBao,
      );
      assert.ok(!reasons[0]!.message.includes('079085001234'));
    }
  });

  it("refuse any platform's record id that holds the person's own CCCD, CMND or phone, however separated: the id is shown in QR codes", () => {
    // Anh Nguyễn Văn An: CCCD 079085001234, phone +84912345678 (the golden records' own).
    const cases: [string, object, string][] = [
      ['c06', { ...goldenNative('c06', '01'), maKhaiBao: 'C06-0790-8500-1234' }, '/maKhaiBao'],
      ['tokhaiyte', { ...goldenNative('tokhaiyte', '01'), ma_to_khai: 'TK079085001234' }, '/ma_to_khai'],
      ['tokhaiyte', { ...goldenNative('tokhaiyte', '01'), ma_to_khai: 'TK-0912.345.678' }, '/ma_to_khai'],
    ];
    for (const [instance, native, pointer] of cases) {
      const reasons = mapRefused(instance, native);
      assert.deepEqual(
        reasons.map((r) => [r.pointer, r.code]),
        [[pointer, 'not-allowed']],
        JSON.stringify(native),
      );
    }
    // Another person's number, or digits that are no number of theirs, are an opaque id's own business.
    assert.ok(mapAccepted('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), ma_to_khai: 'TK079085009999' }));
  });
});
