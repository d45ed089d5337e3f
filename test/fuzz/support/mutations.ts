import fc from 'fast-check';
import { Deep, fromJson, nodeAt, Obj, pathsOf, Raw, REMOVE, updateAt, weightOf, withEntry, type Path, type Tree } from './json-tree';
import { spills, vietnameseTextArb, type Person } from './vietnamese';

/**
 * Mutations of a JSON document, each a small record so that fast-check shrinks a failure to the
 * fewest and simplest of them. `at` picks among the nodes the mutation applies to (strings for the
 * text mutations, objects for added keys, every node otherwise); a document without such a node is
 * left as it is.
 */
export type Mutation =
  | { op: 'retype'; at: number; value: Tree }
  | { op: 'drop'; at: number }
  | { op: 'huge'; at: number; unit: string; length: number }
  | { op: 'nfd'; at: number }
  | { op: 'insert'; at: number; chars: string; position: number }
  | { op: 'blank'; at: number; value: string }
  | { op: 'long-array'; at: number; length: number }
  | { op: 'deep'; at: number; key: string | null; depth: number; shape: 'array' | 'object' }
  | { op: 'proto'; at: number; key: string; payload: Tree }
  | { op: 'date'; at: number; year: number; month: number; day: number; time: string | null }
  | { op: 'unknown-key'; at: number; key: string; value: Tree }
  | { op: 'spill'; at: number; which: number };

export const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\ufeff', '\u2060', '\u00ad'];
export const BIDI = [
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u061c',
];
export const EMOJI = ['😷', '🦠', '🇻🇳', '👍🏽', '👨‍👩‍👧‍👦', '🏥', '\u2764\ufe0f'];
export const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', 'a\udc00b'];
const COMBINING = ['\u0301', '\u0300', '\u0309', '\u0303', '\u0323', '\u0306\u0323'];
export const BLANKS = ['', ' ', '   ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\u2003', ' \u200b '];

/** A document under `__proto__`, `constructor` or `prototype` that would poison a prototype if merged naively. */
export const POISON = new Obj([
  ['polluted', 'yes'],
  ['isAdmin', true],
  ['toString', 'hijacked'],
]);
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];
const PROTO_PAYLOADS: Tree[] = [POISON, new Obj([['prototype', POISON]]), new Obj([['__proto__', POISON]]), 'yes', [POISON], null];

/** Names every plain object inherits, as written by a partner (case and spacing fold away). */
export const INHERITED_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  'Constructor',
  ' TO STRING ',
  'prototype',
];

const insertable = fc.constantFrom(...ZERO_WIDTH, ...BIDI, ...EMOJI, ...LONE_SURROGATES, ...COMBINING);

export const oddValueArb: fc.Arbitrary<Tree> = fc.oneof(
  fc.constantFrom<Tree>(
    null,
    true,
    false,
    0,
    -1,
    1,
    2 ** 53 + 2,
    -1e308,
    1e-320,
    [],
    new Obj([]),
    new Raw('1e400'),
    new Raw('-0'),
    new Raw('123456789012345678901234567'),
    new Raw('0.0000000000000000000001e-400'),
    '',
    '0',
    'null',
    'true',
    '[]',
    '{}',
  ),
  // Values that name an inherited member: a lookup table that is a plain object answers them.
  fc.constantFrom<Tree>(...INHERITED_NAMES),
  fc.integer().map((n): Tree => n),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n): Tree => n),
  fc.string({ unit: 'binary', maxLength: 12 }).map((s): Tree => s),
  vietnameseTextArb.map((s): Tree => s),
  fc.jsonValue({ maxDepth: 2 }).map(fromJson),
);

const unknownKeyArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    'hoTen',
    'ho_ten ',
    'Họ và tên',
    'x'.repeat(1000),
    'a/b',
    'm~n',
    '\u0000',
    'toString',
    'hasOwnProperty',
    'valueOf',
  ),
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('retype' as const), at: fc.nat(), value: oddValueArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('huge' as const),
      at: fc.nat(),
      unit: fc.constantFrom('a', 'ễ', 'Nguyễn Văn ', '😷', '\u200b', '9', ' ', 'e\u0301'),
      length: fc.constantFrom(257, 5_000, 70_000, 300_000),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('nfd' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      chars: fc.array(insertable, { minLength: 1, maxLength: 3 }).map((c) => c.join('')),
      position: fc.nat(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('blank' as const), at: fc.nat(), value: fc.constantFrom(...BLANKS) }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('long-array' as const), at: fc.nat(), length: fc.constantFrom(2, 100, 1_000, 10_000) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('deep' as const),
      at: fc.nat(),
      key: fc.option(unknownKeyArb, { nil: null }),
      depth: fc.constantFrom(2, 33, 257, 5_000, 60_000),
      shape: fc.constantFrom('array' as const, 'object' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('proto' as const),
      at: fc.nat(),
      key: fc.constantFrom(...PROTO_KEYS),
      payload: fc.constantFrom(...PROTO_PAYLOADS),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('date' as const),
      at: fc.nat(),
      year: fc.oneof(fc.constantFrom(1, 1000, 1800, 1899, 1900, 2016, 2021, 2022, 2030, 2099, 9999), fc.integer({ min: 0, max: 9999 })),
      month: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0, 13)),
      day: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.constantFrom(0, 29, 30, 31, 32)),
      time: fc.constantFrom(null, '23:59:60', '23:59:59', '24:00:00', '00:00:00', '23:60'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('unknown-key' as const), at: fc.nat(), key: unknownKeyArb, value: oddValueArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('spill' as const), at: fc.nat(), which: fc.nat() }) },
);

/** Up to `max` mutations; none leaves the document as it was (a golden record stays accepted). */
export const mutationsArb = (max = 4) => fc.array(mutationArb, { maxLength: max });

const ISO_DATE = /(\d{4})-(\d{2})-(\d{2})/;
const DMY_DATE = /(\d{1,2})\/(\d{1,2})\/(\d{4})/;
const TIME = /\d{2}:\d{2}(:\d{2})?/;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

const anyNode = () => true;
const isText = (node: Tree | undefined): node is string => typeof node === 'string';
const isObject = (node: Tree | undefined) => node instanceof Obj;
const isDateLike = (node: Tree | undefined) =>
  (typeof node === 'string' && (ISO_DATE.test(node) || DMY_DATE.test(node) || /^\d{4}$/.test(node))) ||
  (typeof node === 'number' && ((node >= 1e9 && node < 1e13) || (node >= 1900 && node <= 2100)));

/** A date-like string or number rewritten to the given date (and time), in the format it had. */
function redate(node: Tree, m: Extract<Mutation, { op: 'date' }>): Tree {
  if (typeof node === 'number') {
    const ms = Date.UTC(m.year, m.month - 1, m.day, 23, 59, 59);
    if (node >= 1e12) return ms;
    if (node >= 1e9) return Math.floor(ms / 1000);
    return m.year;
  }
  if (typeof node !== 'string') return node;
  if (/^\d{4}$/.test(node)) return pad(m.year, 4);
  let text = node
    .replace(ISO_DATE, `${pad(m.year, 4)}-${pad(m.month, 2)}-${pad(m.day, 2)}`)
    .replace(DMY_DATE, `${pad(m.day, 2)}/${pad(m.month, 2)}/${pad(m.year, 4)}`);
  if (m.time !== null) text = TIME.test(text) ? text.replace(TIME, m.time) : `${text} ${m.time}`;
  return text;
}

function insertAt(text: string, chars: string, position: number): string {
  const at = position % (text.length + 1);
  return text.slice(0, at) + chars + text.slice(at);
}

/** Applies one mutation; `person` gives what a spill writes into an unexpected field. */
export function mutate(tree: Tree, m: Mutation, person?: Person): Tree {
  const all = pathsOf(tree);
  const pick = (where: (node: Tree | undefined) => boolean): Path | undefined => {
    const candidates = all.filter((p) => where(nodeAt(tree, p)));
    return candidates.length === 0 ? undefined : candidates[m.at % candidates.length];
  };
  const replace = (path: Path | undefined, change: (node: Tree) => Tree | typeof REMOVE): Tree => {
    if (path === undefined) return tree;
    const next = updateAt(tree, path, change);
    return next === REMOVE ? null : next;
  };
  switch (m.op) {
    case 'retype':
    case 'blank':
      return replace(pick(anyNode), () => m.value);
    case 'drop':
      return replace(pick(anyNode), () => REMOVE);
    case 'huge':
      return replace(pick(anyNode), () => m.unit.repeat(Math.ceil(m.length / m.unit.length)));
    case 'nfd':
      return replace(pick(isText), (node) => (node as string).normalize('NFD'));
    case 'insert':
      return replace(pick(isText), (node) => insertAt(node as string, m.chars, m.position));
    case 'long-array':
      return replace(pick(anyNode), (node) => {
        const items = Array.isArray(node) && node.length > 0 ? node : [node];
        return Array.from({ length: m.length }, (_, i) => items[i % items.length] as Tree);
      });
    case 'deep': {
      if (m.key === null) return replace(pick(anyNode), (node) => new Deep(m.depth, m.shape, 'k', node));
      const path = pick(isObject);
      return path === undefined ? tree : withEntry(tree, path, m.key, new Deep(m.depth, m.shape, m.key, 'x'));
    }
    case 'proto':
    case 'unknown-key': {
      const path = pick(isObject);
      const value = m.op === 'proto' ? m.payload : m.value;
      return path === undefined ? tree : withEntry(tree, path, m.key, value);
    }
    case 'date':
      return replace(pick(isDateLike), (node) => redate(node, m));
    case 'spill': {
      if (!person) return tree;
      const texts = spills(person);
      return replace(pick(isText), () => texts[m.which % texts.length] as string);
    }
  }
}

/** A document stays under this weight: a mutation that would pass it (a long array of huge strings) is skipped. */
const MAX_WEIGHT = 1_500_000;

export function mutateAll(tree: Tree, mutations: readonly Mutation[], person?: Person): Tree {
  return mutations.reduce((t, m) => {
    const next = mutate(t, m, person);
    return weightOf(next, MAX_WEIGHT) > MAX_WEIGHT ? t : next;
  }, tree);
}
