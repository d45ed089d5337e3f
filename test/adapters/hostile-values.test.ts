import assert from 'node:assert/strict';
import { KEPT_LIMITS, OMITTED } from '../../gateway/normalize/kept-values';
import { describeErrors, validateCanonical } from '../../gateway/domain/canonical-schema';
import { MAX_REASONS } from '../../adapters/common/schema-reasons';
import { goldenNative, mapAccepted, mapRefused } from '../support/mapping';

const PROTOTYPE_WORDS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

const valid = (declaration: object) => assert.ok(validateCanonical(declaration), describeErrors(validateCanonical.errors).join('; '));

describe("words that name an object's prototype members never become codes", () => {
  it("refuses a tokhaiyte sex or nationality written as a prototype member's name", () => {
    for (const word of PROTOTYPE_WORDS) {
      const reasons = mapRefused('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), gioi_tinh: word, quoc_tich: word });
      assert.deepEqual(
        reasons.map((r) => r.pointer),
        ['/gioi_tinh', '/quoc_tich'],
        word,
      );
    }
  });

  it('keeps NCOVI symptom and contact codes named constructor or toString as unmapped', () => {
    const record = goldenNative('ncovi', '01');
    record.health.symptoms = ['COUGH', 'constructor'];
    record.health.contacts = ['toString'];
    const declaration = mapAccepted('ncovi', record);
    valid(declaration);
    assert.deepEqual(declaration.health, { symptoms: ['cough'], exposures: [] });
    assert.deepEqual(declaration.quality.unmapped.slice(1), [
      { pointer: '/health/symptoms/1', value: 'constructor' },
      { pointer: '/health/contacts/0', value: 'toString' },
    ]);
  });

  it('gives no province to a Zalo account named constructor, and reads no sex or symptom from such words', () => {
    const record = { ...goldenNative('zalo', '01'), oa_id: 'constructor' };
    record.answers[2].value = 'constructor';
    record.answers[6].value = 'toString, sốt';
    const declaration = mapAccepted('zalo', record);
    valid(declaration);
    assert.equal(declaration.subject.address?.provinceCode, undefined);
    assert.equal(declaration.subject.sex, undefined);
    assert.deepEqual(declaration.health?.symptoms, ['fever']);
  });

  it('keeps a Zalo answer labelled constructor as unmapped rather than as a field', () => {
    const record = goldenNative('zalo', '01');
    record.answers.push({ label: 'constructor', value: 'Ở nhà' });
    assert.deepEqual(mapAccepted('zalo', record).quality.unmapped, [
      { pointer: '/answers/8', value: { label: 'constructor', value: 'Ở nhà' } },
    ]);
  });

  it('reads SmartCity symptom codes named like prototype members as unknown words', () => {
    const declaration = mapAccepted('smartcity-hanoi', { ...goldenNative('smartcity-hanoi', '01'), symptoms: 'sot,constructor,__proto__' });
    valid(declaration);
    assert.deepEqual(declaration.health?.symptoms, ['fever']);
  });
});

describe('quality.unmapped keeps a bounded, clean copy of what it could not place', () => {
  it('keeps a deeply nested value under an unknown Zalo label cut at depth 4, without __proto__ or constructor keys', () => {
    let nested: unknown = 'Ho khan';
    for (let i = 0; i < 10_000; i += 1) nested = { chi_tiet: nested };
    const record = goldenNative('zalo', '01');
    record.answers.push(
      JSON.parse(`{"label":"Ghi chú","value":"Có","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"isAdmin":true}}}`),
    );
    record.answers[8].extra = nested;
    const declaration = mapAccepted('zalo', record);
    valid(declaration);
    const kept = declaration.quality.unmapped[0]!.value as Record<string, unknown>;
    assert.deepEqual(Object.keys(kept), ['label', 'value', 'extra']);
    assert.deepEqual(kept.extra, { chi_tiet: { chi_tiet: { chi_tiet: OMITTED } } });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it(`keeps ${KEPT_LIMITS.entries} of ten thousand NCOVI chronic diseases, then counts the rest`, () => {
    const record = goldenNative('ncovi', '01');
    record.health.chronicDiseases = Array.from({ length: 10_000 }, (_, i) => `BENH_${i}`);
    const { unmapped } = mapAccepted('ncovi', record).quality;
    assert.equal(unmapped.length, KEPT_LIMITS.entries + 1);
    assert.deepEqual(unmapped.at(-1), { pointer: '', value: `${OMITTED} ${10_000 - KEPT_LIMITS.entries} more unmapped values not kept` });
  });

  it('cuts a megabyte e-mail kept from tokhaiyte to a bounded text', () => {
    const declaration = mapAccepted('tokhaiyte', {
      ...goldenNative('tokhaiyte', '01'),
      email: `${'an.nguyen'.repeat(100_000)}@example.vn`,
    });
    assert.equal((declaration.quality.unmapped[0]!.value as string).length, KEPT_LIMITS.chars + 1);
  });
});

describe('a refusal lists a bounded number of reasons, whatever the record', () => {
  it(`lists ${MAX_REASONS} reasons of a tokhaiyte record naming 60,000 provinces that do not exist, then counts the rest in one`, () => {
    const reasons = mapRefused('tokhaiyte', {
      ...goldenNative('tokhaiyte', '01'),
      tinh_da_qua_14_ngay: Array(60_000).fill('Tỉnh Không Có'),
    });
    assert.equal(reasons.length, MAX_REASONS + 1);
    assert.deepEqual(reasons[0], { ...reasons[0], pointer: '/tinh_da_qua_14_ngay/0', code: 'unknown-province' });
    assert.deepEqual(reasons.at(-1), {
      pointer: '',
      code: 'bad-format',
      message: `and ${60_000 - MAX_REASONS} more reasons: only the first ${MAX_REASONS} are listed; fix those and send the record again`,
    });
  });

  it('counts schema reasons past the bound too: a SmartCity travel history of 20,000 trips of the wrong type', () => {
    const reasons = mapRefused('smartcity-hanoi', { ...goldenNative('smartcity-hanoi', '01'), travelHistory: Array(20_000).fill(7) });
    assert.equal(reasons.length, MAX_REASONS + 1);
    assert.match(reasons.at(-1)?.message ?? '', /^and 19900 more reasons/);
  });
});
