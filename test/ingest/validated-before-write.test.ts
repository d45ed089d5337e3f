import assert from 'node:assert/strict';
import { documentKeys } from '../../gateway/identity/identity-keys';
import { ingestFixture } from '../support/ingest-fixture';
import { goldenNative, mapAccepted } from '../support/mapping';

/** Everything a write needs is checked before the first write: a refused record claims no key and stores nothing. */
describe('a declaration the store could not keep', () => {
  const mapped = () => mapAccepted('c06', goldenNative('c06', '01'));

  it('is refused with its pointer when its time cannot be ordered (a leap second), claiming no key', async () => {
    const { ingest, store } = ingestFixture();
    const declaration = { ...mapped(), declaredAt: '2021-08-15T23:59:60+07:00' };
    const outcome = await ingest.ingestMapped(declaration);
    assert.deepEqual(outcome.ok === false && !outcome.conflict && outcome.reasons.map((r) => r.pointer), ['/declaredAt']);
    for (const key of documentKeys(declaration.subject)) assert.equal(await store.ownerOf(key), undefined);
    assert.equal(await store.getDeclaration(declaration.declarationId), undefined);
  });

  it('is refused when values nest deeper than a declaration ever needs, claiming no key', async () => {
    const { ingest, store } = ingestFixture();
    let deep: unknown = 'đáy';
    for (let i = 0; i < 100_000; i += 1) deep = { a: deep };
    const declaration = mapped();
    declaration.quality.unmapped = [{ pointer: '/khac', value: deep }];
    const outcome = await ingest.ingestMapped(declaration);
    assert.equal(outcome.ok, false);
    for (const key of documentKeys(declaration.subject)) assert.equal(await store.ownerOf(key), undefined);
  });
});
