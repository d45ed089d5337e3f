import assert from 'node:assert/strict';
import { KEPT_LIMITS, KeptValues, OMITTED } from '../../gateway/normalize/kept-values';

/** Keeps one value and gives back its bounded copy. */
const keptOnce = (value: unknown): unknown => {
  const kept = new KeptValues();
  kept.add('/x', value);
  return kept.list()[0]?.value;
};

const deepObject = (depth: number): unknown => {
  let value: unknown = 'Sốt nhẹ';
  for (let i = 0; i < depth; i += 1) value = { tầng: value };
  return value;
};

describe('kept values (quality.unmapped)', () => {
  it('never keeps a __proto__, constructor or prototype key, at any depth', () => {
    const hostile = JSON.parse(
      '{"ghi_chu":"Ho khan","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"isAdmin":true}},"con":{"prototype":1,"__proto__":{"x":1},"ok":"Có"}}',
    );
    const copy = keptOnce(hostile);
    assert.deepEqual(copy, { ghi_chu: 'Ho khan', con: { ok: 'Có' } });
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it(`keeps values nested at most ${KEPT_LIMITS.depth} deep, and marks what lay deeper`, () => {
    assert.deepEqual(keptOnce(deepObject(3)), { tầng: { tầng: { tầng: 'Sốt nhẹ' } } });
    assert.deepEqual(keptOnce(deepObject(6)), { tầng: { tầng: { tầng: { tầng: OMITTED } } } });
    assert.doesNotThrow(() => keptOnce(deepObject(100_000)));
  });

  it(`cuts a string after ${KEPT_LIMITS.chars} characters with an ellipsis, never splitting an emoji`, () => {
    assert.equal(keptOnce('ễ'.repeat(1000)), `${'ễ'.repeat(KEPT_LIMITS.chars)}…`);
    const cut = keptOnce(`${'a'.repeat(KEPT_LIMITS.chars - 1)}😷😷`) as string;
    assert.equal(cut, `${'a'.repeat(KEPT_LIMITS.chars - 1)}…`);
  });

  it(`keeps ${KEPT_LIMITS.members} members of a long array or object, then a marker`, () => {
    const array = keptOnce(Array.from({ length: 10_000 }, (_, i) => `bệnh ${i}`)) as unknown[];
    assert.equal(array.length, KEPT_LIMITS.members + 1);
    assert.equal(array.at(-1), OMITTED);
    const object = keptOnce(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]))) as Record<string, unknown>;
    assert.equal(Object.keys(object).length, KEPT_LIMITS.members + 1);
    assert.equal(object['…'], OMITTED);
  });

  it(`keeps ${KEPT_LIMITS.entries} values per declaration, then one entry counting the ones left out`, () => {
    const kept = new KeptValues();
    for (let i = 0; i < 100; i += 1) kept.add(`/health/chronicDiseases/${i}`, 'HYPERTENSION');
    const list = kept.list();
    assert.equal(list.length, KEPT_LIMITS.entries + 1);
    assert.deepEqual(list.at(-1), { pointer: '', value: `${OMITTED} 68 more unmapped values not kept` });
  });

  it(`keeps at most ${KEPT_LIMITS.totalChars} characters in all, however the values are spread`, () => {
    const kept = new KeptValues();
    for (let i = 0; i < KEPT_LIMITS.entries; i += 1)
      kept.add(
        `/a/${i}`,
        Array.from({ length: 30 }, () => 'x'.repeat(1000)),
      );
    const characters = JSON.stringify(kept.list()).length;
    assert.ok(characters < KEPT_LIMITS.totalChars + 10_000, `${characters} characters kept`);
  });

  it('keeps numbers, booleans and null as they are, and an infinite number as null', () => {
    assert.deepEqual(keptOnce([1, -0.5, true, null, Number.POSITIVE_INFINITY]), [1, -0.5, true, null, null]);
  });
});
