/**
 * Writes the current mapping's output into every golden pair (`npm run contracts:approve`).
 * For a new case, or after a deliberate mapping change: read the diff before committing it,
 * because from then on the tests hold the mapping to exactly this output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createAdapterRegistry } from '../../adapters';
import { loadGoldenCases } from './golden-pairs';

const registry = createAdapterRegistry();
let written = 0;
let changed = 0;
for (const outcome of ['accepted', 'refused'] as const) {
  for (const { instance, path, description, receivedAt, native } of loadGoldenCases(outcome)) {
    const adapter = registry.get(instance);
    if (!adapter) throw new Error(`${path}: no instance ${instance}`);
    const result = adapter.toCanonical(native, receivedAt);
    if (result.ok !== (outcome === 'accepted')) process.stderr.write(`! ${path}: expected ${outcome}\n`);
    const expected = result.ok ? { canonical: result.declaration } : { reasons: result.reasons };
    const text = `${JSON.stringify({ description, receivedAt, native, ...expected }, null, 2)}\n`;
    written += 1;
    // Named when it changes: the diff to read before committing.
    if (readFileSync(path, 'utf8') !== text) {
      changed += 1;
      process.stdout.write(`changed ${path}\n`);
    }
    writeFileSync(path, text);
  }
}
process.stdout.write(`${written} golden pairs written, ${changed} changed\n`);
