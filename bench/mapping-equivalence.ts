/**
 * Old against new mapping, record by record: maps a fixed corpus (fast-check, fixed seeds: golden
 * records with planted people and the fuzzers' mutations, arbitrary JSON, arrivals and clock skews
 * of their own) through the adapters of the tree at <root>, and writes one line per record, the
 * answer as JSON and through util.inspect (which also shows undefined members), and a digest of
 * them all. Run it on two trees and compare the digests (or diff the files) to check that a change
 * to the mapping changes no answer:
 *
 *   git archive <before> | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/
 *   npx tsx bench/mapping-equivalence.ts /tmp/before /tmp/before.txt 30000 1
 *   npx tsx bench/mapping-equivalence.ts "$PWD" /tmp/after.txt 30000 1
 *
 * The corpus comes from this tree's fuzz support, so both runs see the same records.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import type { AdapterRegistry, MappingResult } from '../adapters';
import { golden, nativeTree } from '../test/fuzz/support/golden-inputs';
import { fromJson, toText } from '../test/fuzz/support/json-tree';
import { mutateAll, mutationsArb } from '../test/fuzz/support/mutations';
import { personArb } from '../test/fuzz/support/vietnamese';

const [rootArgument, out, countText, seedText] = process.argv.slice(2);
if (rootArgument === undefined || out === undefined) throw new Error('usage: mapping-equivalence.ts <tree> <output file> [records] [seed]');
const count = Number(countText ?? 24000);
const seed = Number(seedText ?? 1);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the tree under test is named at run time
const adapters = require(resolve(rootArgument, 'adapters')) as {
  createAdapterRegistry(): AdapterRegistry;
  DEFAULT_INSTANCES: readonly { name: string }[];
};
const registry = adapters.createAdapterRegistry();
const names = adapters.DEFAULT_INSTANCES.map((i) => i.name);

const receivedArb = fc.oneof(
  { weight: 5, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant('2021-08-20T08:00:00+07:00') },
  {
    weight: 2,
    arbitrary: fc
      .date({ min: new Date('2019-06-01T00:00:00Z'), max: new Date('2023-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString()),
  },
);
const skewArb = fc.constantFrom(undefined, undefined, undefined, 0, 60_000, 86_400_000);
const someMutationsArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant([]) },
  { weight: 3, arbitrary: mutationsArb(1) },
  { weight: 2, arbitrary: mutationsArb(5) },
);
const goldenArb = fc.record({
  c: fc.constantFrom(...golden),
  person: personArb,
  mutations: someMutationsArb,
  received: receivedArb,
  skew: skewArb,
  plain: fc.boolean(),
});
const arbitraryArb = fc.record({
  name: fc.constantFrom(...names),
  value: fc.jsonValue({ maxDepth: 4 }),
  person: personArb,
  mutations: mutationsArb(3),
  received: receivedArb,
  skew: skewArb,
});

const shown = { depth: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: Infinity, compact: true };
const stream = createWriteStream(out);
const whole = createHash('sha256');
const tally = { accepted: 0, refused: 0, thrown: 0 };

function check(instance: string, text: string, receivedAt: string, skew: number | undefined): void {
  let line: string;
  try {
    const result: MappingResult = registry
      .get(instance)!
      .toCanonical(JSON.parse(text), receivedAt, skew === undefined ? {} : { futureSkewMs: skew });
    tally[result.ok ? 'accepted' : 'refused'] += 1;
    line = `${JSON.stringify(result)}\t${inspect(result, shown)}`;
  } catch (error) {
    tally.thrown += 1;
    line = `THROWN ${(error as Error).message}`;
  }
  const digest = createHash('sha256').update(line).digest('hex');
  whole.update(digest);
  stream.write(`${instance}\t${digest}\t${line.length > 4000 ? `${line.slice(0, 4000)}…` : line}\n`);
}

const goldens = fc.sample(goldenArb, { seed, numRuns: Math.round(count * 0.8) });
for (const g of goldens) {
  const tree = g.plain ? fromJson(g.c.native) : nativeTree(g.c, g.person);
  check(g.c.instance, toText(mutateAll(tree, g.mutations, g.person)), g.received ?? g.c.receivedAt, g.skew);
}
const arbitrary = fc.sample(arbitraryArb, { seed: seed + 1, numRuns: Math.round(count * 0.2) });
for (const a of arbitrary)
  check(a.name, toText(mutateAll(fromJson(a.value), a.mutations, a.person)), a.received ?? '2021-08-20T08:00:00+07:00', a.skew);
stream.end();
process.stdout.write(
  `${JSON.stringify({ root: rootArgument, records: goldens.length + arbitrary.length, ...tally, sha256: whole.digest('hex') })}\n`,
);
