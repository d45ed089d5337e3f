import { DEFAULT_INSTANCES, type InstanceConfig } from '../../../adapters';
import { loadGoldenCases, type GoldenCase } from '../../support/golden-pairs';
import { fromJson, type Tree } from './json-tree';
import { plantPerson, withFreshId } from './planting';
import type { Person } from './vietnamese';

/**
 * The golden pairs of contracts/platforms as the fuzzers' starting points: native records with a
 * generated person planted in them, and accepted declarations as a canonical partner would send
 * them. A case is named by `instance/file`, which is what a counterexample shows of it.
 */
export const accepted = loadGoldenCases('accepted');
export const golden = [...accepted, ...loadGoldenCases('refused')];
export const INSTANCES = new Map(DEFAULT_INSTANCES.map((i) => [i.name, i]));

export const refOf = (c: GoldenCase) => `${c.instance}/${c.file}`;
export const caseOf = (ref: string) => golden.find((c) => refOf(c) === ref) as GoldenCase;

let serial = 0;
/** A number no earlier call gave: a source id under it is a new record, in every run and every rerun while shrinking. */
export const nextSerial = () => ++serial;

/** The golden native record with the person planted in it, under its own id or a fresh one. */
export function nativeTree(c: GoldenCase, person: Person, freshId = false): Tree {
  const { platform, city } = INSTANCES.get(c.instance) as InstanceConfig;
  const planted = plantPerson(platform, c.native, person);
  return fromJson(freshId ? withFreshId(platform, planted, nextSerial(), city) : planted);
}

/** A golden accepted declaration as a canonical partner sends it: without the gateway's parts, with the person, under its own id. */
export function canonicalInput(c: GoldenCase, person: Person, id: number): Tree {
  const declaration = structuredClone(c.canonical) as any;
  delete declaration.declarationId;
  delete declaration.source.receivedAt;
  delete declaration.subject.citizenId;
  declaration.source.recordId = `CANON-${id}`;
  if (declaration.kind !== 'community-report') {
    declaration.subject.fullName = person.fullName;
    declaration.subject.identifiers = [
      { system: 'vn-cccd', value: person.cccd },
      { system: 'phone', value: `+84${person.phone.slice(1)}` },
    ];
  }
  return fromJson(declaration);
}
