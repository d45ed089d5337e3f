import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createAdapterRegistry } from '../../adapters';
import { canonicalSchema, validateCanonical } from '../../gateway/domain/canonical-schema';
import { compileQuickCheck, inlineLocalRefs } from '../../gateway/domain/quick-schema-check';
import { accepted } from '../fuzz/support/golden-inputs';
import { fromJson, toText } from '../fuzz/support/json-tree';
import { mutateAll, mutationsArb } from '../fuzz/support/mutations';
import { goldenNative } from '../support/mapping';

const isCanonicalQuick = compileQuickCheck(canonicalSchema);
const declarations = accepted.map((c) => c.canonical);
/** Whether a document holds a UTF-16 surrogate anywhere: where code units and code points count differently. */
const hasSurrogate = (text: string) => /[\ud800-\udfff]/.test(text);

describe('the quick canonical check: never yes where the validator says no', () => {
  it('accepts every golden declaration', () => {
    for (const declaration of declarations) assert.equal(isCanonicalQuick(declaration), true, JSON.stringify(declaration).slice(0, 80));
  });

  it('answers as the validator over golden declarations mutated every way the fuzzers know, stricter only on astral characters', () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...declarations), mutationsArb(4), (declaration, mutations) => {
        const text = toText(mutateAll(fromJson(declaration), mutations));
        const document: unknown = JSON.parse(text);
        const quick = isCanonicalQuick(document);
        const full = validateCanonical(document);
        if (!full) refused += 1;
        if (quick) assert.equal(full, true, `quick yes, validator no: ${text.slice(0, 300)}`);
        else if (!hasSurrogate(text)) assert.equal(full, false, `quick no, validator yes: ${text.slice(0, 300)}`);
      }),
      { numRuns: 800, seed: 20210815 },
    );
    assert.ok(refused > 250, `only ${refused} mutated declarations were invalid: the property saw too few`);
  });

  it('leaves a name of 150 emoji (300 UTF-16 units, 150 characters) to the validator, which accepts it', () => {
    const native = goldenNative('tokhaiyte', '01');
    native.ho_ten = '😷'.repeat(150);
    const result = createAdapterRegistry().get('tokhaiyte')!.toCanonical(native, '2021-08-15T07:45:12+07:00');
    assert.ok(result.ok, JSON.stringify(!result.ok && result.reasons));
    assert.equal(isCanonicalQuick(result.declaration), false);
    assert.equal(validateCanonical(result.declaration), true);
  });

  it('inlines local definitions, and refuses what it cannot inline or where units would be laxer than characters', () => {
    const inlined = JSON.stringify(inlineLocalRefs(canonicalSchema));
    assert.ok(!inlined.includes('$ref'), 'a $ref is left');
    assert.throws(() => inlineLocalRefs({ $defs: { A: { items: { $ref: '#/$defs/A' } } }, $ref: '#/$defs/A' }), /refers to itself/);
    assert.throws(() => inlineLocalRefs({ $ref: 'https://example.org/other.json' }), /not a local definition/);
    assert.throws(() => compileQuickCheck({ type: 'string', minLength: 2 }), /laxer/);
  });
});
