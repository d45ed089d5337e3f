import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCanonicalType } from '../../gateway/domain/render-canonical-type';

describe('the canonical declaration type', () => {
  it('is exactly what the JSON Schema generates (run `npm run gen:types` after changing the schema)', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'gateway', 'domain', 'canonical-declaration.ts'), 'utf8');
    assert.equal(committed, await renderCanonicalType());
  });
});
