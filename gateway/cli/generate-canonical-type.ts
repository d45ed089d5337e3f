/**
 * Generates gateway/domain/canonical-declaration.ts from the canonical JSON Schema.
 * The schema is the source of truth; `npm run gen:types` rewrites the type, and
 * test/domain/canonical-type-drift.test.ts fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCanonicalType } from '../domain/render-canonical-type';

const target = join(__dirname, '..', 'domain', 'canonical-declaration.ts');

renderCanonicalType().then((source) => {
  writeFileSync(target, source);
  process.stdout.write(`wrote ${target}\n`);
});
