import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createAdapterRegistry, DEFAULT_INSTANCES, type AdapterInstance, type MappingResult } from '../../adapters';
import {
  assertNoPersonalValue,
  assertPrototypesIntact,
  assertReasons,
  assertSaneDeclaration,
  budget,
  excerpt,
  prototypeSnapshot,
  runs,
} from './support/checks';
import { golden, nativeTree } from './support/golden-inputs';
import { fromJson, toText, type Tree } from './support/json-tree';
import { mutateAll, mutationArb, mutationsArb, POISON, type Mutation } from './support/mutations';
import { personArb, type Person } from './support/vietnamese';

/**
 * Every adapter instance's mapping, fed the golden native records of contracts/platforms after
 * mutation, and arbitrary JSON. Whatever comes in, a mapping answers: a declaration the canonical
 * schema accepts (and that can be stored and trusted), or a refusal whose every reason has a JSON
 * pointer, a code and a message that repeats none of the submitted personal values; it never
 * throws and never touches a prototype.
 */
const registry = createAdapterRegistry();
const instanceArb = fc.constantFrom(...DEFAULT_INSTANCES);
const RECEIVED_AT = '2021-08-20T08:00:00+07:00';
const instanceNamed = (name: string) => registry.get(name) as AdapterInstance;

/** A golden record of any instance, with a fresh person planted in it. */
const plantedGoldenArb = fc.record({ case: fc.constantFrom(...golden), person: personArb }).map(({ case: c, person }) => ({
  c: { instance: c.instance, file: c.file, receivedAt: c.receivedAt },
  person,
  tree: nativeTree(c, person),
}));

/** Maps the text as a partner would have sent it and checks every property of the answer. */
function checkMapping(instance: string, tree: Tree, receivedAt: string, person?: Person): void {
  const text = toText(tree);
  const where = `${instance} ${excerpt(text)}`;
  const native: unknown = JSON.parse(text);
  const before = prototypeSnapshot();
  let result: MappingResult | undefined;
  let thrown: Error | undefined;
  try {
    result = instanceNamed(instance).toCanonical(native, receivedAt);
  } catch (error) {
    thrown = error as Error;
  }
  assertPrototypesIntact(before, where);
  assert.equal(thrown, undefined, `${where}: threw ${thrown?.stack?.split('\n').slice(0, 3).join(' | ')}`);
  if (!result) return;
  if (result.ok) {
    assertSaneDeclaration(result.declaration, where);
  } else {
    assertReasons(result.reasons, where);
    assertNoPersonalValue(
      result.reasons.map((r) => r.message),
      person,
      where,
    );
  }
}

/** Golden records under the `first` mutations, then up to `more` of any kind, `share` times the base run count. */
function checkGolden(first: fc.Arbitrary<Mutation[]>, more: number, share: number): void {
  fc.assert(
    fc.property(plantedGoldenArb, first, mutationsArb(more), ({ c, person, tree }, firstMutations, mutations) => {
      checkMapping(c.instance, mutateAll(tree, [...firstMutations, ...mutations], person), c.receivedAt, person);
    }),
    runs(share),
  );
}

describe('mapper fuzzing (fast-check): every instance, mutated and arbitrary records', () => {
  it('maps mutated golden records to a valid declaration or a refusal with pointers, never throwing', function () {
    this.timeout(budget(4, 60));
    checkGolden(fc.constant([]), 4, 4);
  });

  it('never repeats a planted name, phone or document number in a refusal message, wherever it was written', function () {
    this.timeout(budget(2, 60));
    checkGolden(
      fc.array(
        mutationArb.filter((m) => m.op === 'spill'),
        { minLength: 1, maxLength: 3 },
      ),
      2,
      2,
    );
  });

  it('keeps every prototype clean and no __proto__, constructor or prototype key in a declaration', function () {
    this.timeout(budget(2, 60));
    const poison = mutationArb.filter((m) => m.op === 'proto' || (m.op === 'deep' && m.key !== null) || m.op === 'unknown-key');
    checkGolden(fc.array(poison, { minLength: 1, maxLength: 4 }), 1, 2);
  });

  it('answers arbitrary JSON, mutated, with a refusal or a valid declaration', function () {
    this.timeout(budget(2, 60));
    fc.assert(
      fc.property(instanceArb, fc.jsonValue({ maxDepth: 4 }), personArb, mutationsArb(3), (instance, value, person, mutations) => {
        checkMapping(instance.name, mutateAll(fromJson(value), mutations, person), RECEIVED_AT, person);
      }),
      runs(2),
    );
  });

  it('is not poisoned by a record that is itself only prototype keys', () => {
    for (const { name } of DEFAULT_INSTANCES) {
      checkMapping(
        name,
        fromJson(JSON.parse(`{"__proto__":${toText(POISON)},"constructor":{"prototype":${toText(POISON)}}}`)),
        RECEIVED_AT,
      );
    }
  });
});
