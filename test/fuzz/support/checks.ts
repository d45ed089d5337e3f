import assert from 'node:assert/strict';
import type { CanonicalDeclaration } from '../../../gateway/domain/canonical-declaration';
import { describeErrors, validateCanonical } from '../../../gateway/domain/canonical-schema';
import type { GatewayStore } from '../../../gateway/store/gateway-store';
import type { TestResponse } from '../../support/test-gateway';
import { personalValues, type Person } from './vietnamese';

/**
 * Run counts and seed: a few dozen cases per property in `npm test` (FUZZ_RUNS unset), thousands
 * with `npm run fuzz`. The seed is fixed so that CI sees the same cases every time; FUZZ_SEED picks
 * other ones, and a failure prints the seed and path that replay it.
 */
export const RUNS = positiveInteger(process.env.FUZZ_RUNS, 30);
export const SEED = Number.isInteger(Number(process.env.FUZZ_SEED)) && process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20210815;

function positiveInteger(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`FUZZ_RUNS must be a positive integer, not "${text}"`);
  return n;
}

/** fast-check's options for a property run `share` times as often as the base count. */
export const runs = (share = 1) => ({ numRuns: Math.max(1, Math.round(RUNS * share)), seed: SEED });

/** Mocha's budget for a property of `share` runs whose case takes up to `msPerCase`. */
export const budget = (share: number, msPerCase: number) => 10_000 + Math.round(RUNS * share * msPerCase);

/** A short, printable view of a long input for an assertion message. */
export const excerpt = (text: string, length = 300) =>
  JSON.stringify(text.length > length ? `${text.slice(0, length)}… (${text.length} chars)` : text);

const PROTOTYPES: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];

export type PrototypeSnapshot = Map<string, Map<string | symbol, PropertyDescriptor>>;

/** Every own property of the built-in prototypes a merge could poison. */
export function prototypeSnapshot(): PrototypeSnapshot {
  return new Map(
    PROTOTYPES.map(([name, proto]) => [
      name,
      new Map(Reflect.ownKeys(proto).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k) as PropertyDescriptor])),
    ]),
  );
}

/**
 * Fails when a built-in prototype changed since `before`, after putting it back: fast-check runs
 * the property again while it shrinks, and a poisoned prototype would make every later case fail.
 */
export function assertPrototypesIntact(before: PrototypeSnapshot, where: string): void {
  const problems: string[] = [];
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined) problems.push('({}).polluted is set');
  if (probe.isAdmin !== undefined) problems.push('({}).isAdmin is set');
  for (const [name, proto] of PROTOTYPES) {
    const known = before.get(name) as Map<string | symbol, PropertyDescriptor>;
    for (const key of Reflect.ownKeys(proto)) {
      const was = known.get(key);
      const is = Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor;
      if (was && was.value === is.value && was.get === is.get && was.set === is.set) continue;
      problems.push(`${name}.${String(key)} was ${was ? 'replaced' : 'added'}`);
      if (was) Object.defineProperty(proto, key, was);
      else Reflect.deleteProperty(proto, key);
    }
    for (const [key, was] of known) {
      if (Object.getOwnPropertyDescriptor(proto, key)) continue;
      problems.push(`${name}.${String(key)} was deleted`);
      Object.defineProperty(proto, key, was);
    }
  }
  assert.deepEqual(problems, [], `${where}: a prototype was polluted`);
}

/** RFC 6901: "" or `/`-separated tokens in which `~` only starts `~0` or `~1`. */
export function assertJsonPointer(pointer: unknown, where: string): void {
  assert.equal(typeof pointer, 'string', `${where}: pointer ${JSON.stringify(pointer)} is not a string`);
  assert.match(pointer as string, /^(\/([^~]|~[01])*)*$/, `${where}: ${JSON.stringify(pointer)} is not a JSON pointer`);
}

export interface ReasonLike {
  pointer: unknown;
  code?: unknown;
  message: unknown;
}

/** A refusal says why: at least one reason, each with a pointer, a label-like code and a message. */
export function assertReasons(reasons: readonly ReasonLike[] | undefined, where: string, { codes = true } = {}): void {
  assert.ok(Array.isArray(reasons) && reasons.length > 0, `${where}: a refusal without reasons`);
  for (const reason of reasons) {
    assertJsonPointer(reason.pointer, where);
    if (codes) assert.match(String(reason.code), /^[a-z][a-z0-9-]*$/, `${where}: reason code ${JSON.stringify(reason.code)}`);
    assert.ok(
      typeof reason.message === 'string' && reason.message.trim() !== '',
      `${where}: reason at ${String(reason.pointer)} without a message`,
    );
  }
}

/** No message repeats a name, phone or document number that was planted in the input. */
export function assertNoPersonalValue(messages: readonly unknown[], person: Person | undefined, where: string): void {
  if (!person) return;
  const values = personalValues(person);
  for (const message of messages) {
    const text = String(message);
    const lower = text.toLowerCase();
    const found = values.find((v) => text.includes(v) || lower.includes(v.toLowerCase()));
    assert.equal(
      found,
      undefined,
      `${where}: a refusal message repeats the submitted value ${JSON.stringify(found)}: ${excerpt(text, 400)}`,
    );
  }
}

const DAY_MS = 86_400_000;
/** 1900 as it begins in Vietnam: every time of a declaration is written at +07:00. */
const YEAR_1900 = Date.parse('1900-01-01T00:00:00+07:00');

/**
 * What an accepted declaration must be to be stored and trusted: valid against the canonical
 * schema; storable (it serialises and clones, however deep the input was); no `__proto__`,
 * `constructor` or `prototype` key kept anywhere and no object with a foreign prototype; and every
 * time a real instant between 1900 and its reception (a day of skew allowed; a travel date at most
 * a year ahead, as a trip may be declared before it is made). `mapped`: made by a mapping, whose
 * record version, where it looks like a time, is one.
 */
export function assertSaneDeclaration(declaration: CanonicalDeclaration, where: string, { mapped = true } = {}): void {
  assert.ok(
    validateCanonical(declaration),
    `${where}: not a canonical declaration: ${describeErrors(validateCanonical.errors).join('; ')}`,
  );
  assert.doesNotThrow(() => JSON.stringify(declaration), `${where}: the declaration cannot be serialised`);
  assert.doesNotThrow(() => structuredClone(declaration), `${where}: the declaration cannot be cloned`);
  assertPlainTree(declaration, where);

  const received = Date.parse(declaration.source.receivedAt);
  const instant = (label: string, text: string | undefined, latest: number) => {
    if (text === undefined) return;
    const ms = Date.parse(/^\d{4}(-\d{2}-\d{2})?$/.test(text) ? `${text.length === 4 ? `${text}-01-01` : text}T00:00:00+07:00` : text);
    assert.ok(Number.isFinite(ms), `${where}: ${label} ${JSON.stringify(text)} is not an instant`);
    assert.ok(ms >= YEAR_1900, `${where}: ${label} ${text} is before 1900`);
    assert.ok(ms <= latest, `${where}: ${label} ${text} is after its reception ${declaration.source.receivedAt}`);
  };
  instant('declaredAt', declaration.declaredAt, received + DAY_MS);
  instant('health.lastContactAt', declaration.health?.lastContactAt, received + DAY_MS);
  instant('subject.birthDate', declaration.subject.birthDate, received + DAY_MS);
  instant('travel.date', declaration.travel?.date, received + 366 * DAY_MS);
  // A mapping writes Bluezone's updatedAt as the version; a canonical partner's version is its own, opaque.
  const version = declaration.source.recordVersion;
  if (mapped && version !== undefined && /^\d{4}-\d{2}-\d{2}T/.test(version)) instant('source.recordVersion', version, received + DAY_MS);
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Walks iteratively (an input may nest far deeper than the call stack). */
function assertPlainTree(root: unknown, where: string): void {
  const stack: [unknown, string][] = [[root, '']];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop() as [unknown, string];
    if (node === null || typeof node !== 'object') continue;
    const proto = Object.getPrototypeOf(node);
    assert.ok(proto === Object.prototype || proto === Array.prototype, `${where}: the object at ${pointer || '/'} has a foreign prototype`);
    for (const key of Object.keys(node)) {
      assert.ok(!FORBIDDEN_KEYS.has(key), `${where}: the declaration keeps a "${key}" key at ${pointer}/${key}`);
      stack.push([(node as Record<string, unknown>)[key], `${pointer}/${key}`]);
    }
  }
}

/** A 4xx as the contract says: problem+json with type, title, status, detail, and a pointer for every error. */
export function assertProblem(res: TestResponse, where: string): void {
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, `${where}: a ${res.status} that is not problem+json`);
  const body = res.body as {
    type: unknown;
    title: unknown;
    status: unknown;
    detail: unknown;
    errors: { pointer: unknown; message: unknown }[];
  };
  for (const field of ['type', 'title', 'detail'] as const)
    assert.equal(typeof body[field], 'string', `${where}: problem without ${field}`);
  assert.equal(body.status, res.status, `${where}: problem status ${String(body.status)} on a ${res.status}`);
  assert.ok(Array.isArray(body.errors), `${where}: problem without errors[]`);
  for (const error of body.errors) {
    assertJsonPointer(error.pointer, where);
    assert.equal(typeof error.message, 'string', `${where}: problem error without a message`);
  }
}

/**
 * The store's writes, counted through its interface: the memory store has no size to compare
 * before and after a request, so its write methods are wrapped on the instance the gateway holds.
 */
export const STORE_WRITES = ['claim', 'addPhoneHolder', 'writeDeclaration', 'ensureQr', 'replaceQr'] as const;
export type StoreWrite = (typeof STORE_WRITES)[number];

export function countWrites(store: GatewayStore): StoreWrite[] {
  const writes: StoreWrite[] = [];
  const methods = store as unknown as Record<StoreWrite, (...args: unknown[]) => Promise<unknown>>;
  for (const name of STORE_WRITES) {
    const original = methods[name].bind(store);
    methods[name] = (...args: unknown[]) => {
      writes.push(name);
      return original(...args);
    };
  }
  return writes;
}
