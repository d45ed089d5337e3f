import assert from 'node:assert/strict';
import { createAdapterRegistry } from '../../adapters';
import { MAX_DECLARATION_BYTES, shapeOf, unwritableReasons } from '../../gateway/ingest/writable-declaration';
import { loadGoldenCases } from '../support/golden-pairs';
import { goldenNative, mapAccepted } from '../support/mapping';

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** The size check serialises a declaration only when its walk's bound may exceed the limit: the bound must never be short. */
describe('a declaration measured before it is stored', () => {
  it('is bounded at or above its JSON bytes for every golden record, escapes and non-BMP text included', () => {
    const registry = createAdapterRegistry();
    let measured = 0;
    for (const c of loadGoldenCases('accepted')) {
      const result = registry.get(c.instance)!.toCanonical(c.native, '2021-08-20T08:00:00+07:00');
      if (!result.ok) continue;
      const declaration = result.declaration;
      declaration.quality.unmapped = [
        { pointer: '/x', value: ['\u0000\u001f"\\\ud800 😀 Nguyễn', -1.2345678901234567e-308, null, true, [], {}, [undefined]] },
      ];
      assert.ok(shapeOf(declaration).bytesAtMost >= bytesOf(declaration), `${c.instance}/${c.file}`);
      measured += 1;
    }
    assert.ok(measured > 10);
  });

  it('is not bounded by the walk when a value may serialise itself (toJSON): it is then serialised', () => {
    const declaration = mapAccepted('c06', goldenNative('c06', '01'));
    declaration.quality.unmapped = [{ pointer: '/x', value: { toJSON: () => 'x'.repeat(MAX_DECLARATION_BYTES) } }];
    assert.equal(shapeOf({ at: new Date(0) }).bytesAtMost, Infinity);
    assert.deepEqual(
      unwritableReasons(declaration).map((r) => r.code),
      ['invalid-value'],
    );
  });

  it('is refused just over the limit and kept just under it, as measured by its JSON bytes', () => {
    const declaration = mapAccepted('c06', goldenNative('c06', '01'));
    declaration.quality.unmapped = [{ pointer: '/x', value: '' }];
    const room = MAX_DECLARATION_BYTES - bytesOf(declaration);
    declaration.quality.unmapped = [{ pointer: '/x', value: 'é'.repeat(Math.floor(room / 2)) }];
    assert.deepEqual(unwritableReasons(declaration), []);
    declaration.quality.unmapped = [{ pointer: '/x', value: 'é'.repeat(Math.floor(room / 2) + 1) }];
    assert.deepEqual(
      unwritableReasons(declaration).map((r) => r.code),
      ['invalid-value'],
    );
  });
});
