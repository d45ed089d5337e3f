import fc from 'fast-check';
import type { Platform } from '../../../gateway/domain/canonical-declaration';
import type { GoldenCase } from '../../support/golden-pairs';
import { golden, nativeTree } from './golden-inputs';
import { toText } from './json-tree';
import { BIDI, BLANKS, EMOJI, INHERITED_NAMES, LONE_SURROGATES, mutateAll, mutationsArb, ZERO_WIDTH, type Mutation } from './mutations';
import { personArb, type Person } from './vietnamese';

/**
 * What the HTTP fuzzers send besides records: bodies sent whole, cut or as other bytes; NDJSON
 * lines of every kind; instance names that are not configured; and scanned texts, edited.
 */

/** Names in a route's {instance} that no configuration has, some of them inherited member names. */
export const UNKNOWN_INSTANCES = ['vneid', 'TOKHAIYTE', 'tokhaiyte ', 'smartcity-danang', 'a/b', '..', '%2e%2e', ...INHERITED_NAMES];

/** How the body is sent: as written, cut short, empty, behind a byte-order mark, or as bytes that are no text. */
export const bodyShapeArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ shape: 'json' as const }) },
  { weight: 1, arbitrary: fc.record({ shape: fc.constant('cut' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.constantFrom({ shape: 'empty' as const }, { shape: 'bom' as const }, { shape: 'latin1' as const }) },
);
export type BodyShape = typeof bodyShapeArb extends fc.Arbitrary<infer T> ? T : never;

export function shaped(text: string, body: BodyShape): string | Buffer {
  switch (body.shape) {
    case 'json':
      return text;
    case 'cut':
      return text.slice(0, body.at % (text.length + 1));
    case 'empty':
      return '';
    case 'bom':
      return `\ufeff${text}`;
    case 'latin1':
      return Buffer.from(text, 'latin1');
  }
}

export type BatchLine =
  | { kind: 'record'; sameInstance: boolean; pick: number; person: Person; freshId: boolean; mutations: Mutation[] }
  | { kind: 'blank'; text: string; person?: undefined }
  | { kind: 'broken'; text: string; person?: undefined }
  | { kind: 'huge'; size: number; record: boolean; person?: undefined };

export const batchLineArb: fc.Arbitrary<BatchLine> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('record' as const),
      sameInstance: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      pick: fc.nat(),
      person: personArb,
      freshId: fc.boolean(),
      mutations: mutationsArb(3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('blank' as const),
      text: fc.constantFrom(...BLANKS.filter((b) => !b.includes('\n')), '\ufeff', ' \t '),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('broken' as const),
      text: fc.constantFrom(
        '{not json',
        '{"a":',
        '}',
        '[',
        'null',
        '42',
        '"x"',
        '\u200b',
        '{"__proto__":{"polluted":"yes"}}',
        '\ud800',
        '{"a":1}{"b":2}',
        `{"x":"${'\\'.repeat(3)}"}`,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), size: fc.constantFrom(70_000, 400_000), record: fc.boolean() }) },
);

/** One NDJSON line: mostly a record of the batch's instance; one of another platform is refused by its schema. */
export function batchLine(line: BatchLine, instance: string): string {
  switch (line.kind) {
    case 'record': {
      const candidates = line.sameInstance ? golden.filter((g) => g.instance === instance) : golden;
      const c = candidates[line.pick % candidates.length] as GoldenCase;
      return toText(mutateAll(nativeTree(c, line.person, line.freshId), line.mutations, line.person));
    }
    case 'blank':
    case 'broken':
      return line.text;
    case 'huge':
      return line.record
        ? JSON.stringify({ ...(golden.find((g) => g.instance === instance)?.native as object), note: 'ễ'.repeat(line.size) })
        : '{'.repeat(line.size);
  }
}

/** A platform's QR text for one of its records, as the platform prints it. */
export function platformQr(platform: Platform, city: string | undefined, r: Record<string, string>): string {
  switch (platform) {
    case 'tokhaiyte':
      return `TKYT:${r.ma_to_khai}`;
    case 'ncovi':
      return `NCOVI:${r.id}`;
    case 'bluezone':
      return `BZ:${r.bluezoneId}`;
    case 'zalo':
      return `ZLHD:${r.oa_id}:${r.submission_id}`;
    case 'c06':
      return `C06Q:${r.maKhaiBao}`;
    case 'smartcity':
      return `SC:${city}:${r.reportId}`;
  }
}

/** Edits of a scanned text: what a camera, a keyboard wedge or a forger does to it. */
export type QrEdit =
  | { op: 'insert'; at: number; chars: string }
  | { op: 'delete'; at: number; count: number }
  | { op: 'case'; upper: boolean }
  | { op: 'repeat'; times: number }
  | { op: 'id'; id: string }
  | { op: 'nfd' }
  | { op: 'pad'; text: string };

export const qrEditArb: fc.Arbitrary<QrEdit> = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    chars: fc.constantFrom(
      ...ZERO_WIDTH,
      ...BIDI,
      ...EMOJI,
      ...LONE_SURROGATES,
      ':',
      '/',
      '%2F',
      '?',
      '#',
      ' ',
      '..',
      '\u0000',
      '\n',
      '.',
      'A',
      '=',
    ),
  }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('case' as const), upper: fc.boolean() }),
  fc.record({ op: fc.constant('repeat' as const), times: fc.constantFrom(2, 10, 60, 3_000) }),
  fc.record({
    op: fc.constant('id' as const),
    id: fc.oneof(
      fc.constantFrom(
        '../../admin',
        'a%2Fb',
        'x?y=1',
        'a#b',
        'id with space',
        'đặc-biệt',
        '',
        '-',
        'A'.repeat(64),
        'A'.repeat(65),
        ...INHERITED_NAMES,
      ),
      fc.string({ unit: 'binary', maxLength: 20 }),
    ),
  }),
  fc.record({ op: fc.constant('nfd' as const) }),
  fc.record({ op: fc.constant('pad' as const), text: fc.constantFrom(' ', '\t', '\r\n', '\u00a0', '\ufeff') }),
);

/** An edited text stays within what a body of the route could carry (8 kB), give or take. */
export function editQr(text: string, edit: QrEdit): string {
  const edited = applyQrEdit(text, edit);
  return edited.length > 20_000 ? edited.slice(0, 20_000) : edited;
}

function applyQrEdit(text: string, edit: QrEdit): string {
  switch (edit.op) {
    case 'insert': {
      const at = edit.at % (text.length + 1);
      return text.slice(0, at) + edit.chars + text.slice(at);
    }
    case 'delete': {
      const at = edit.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + edit.count);
    }
    case 'case':
      return edit.upper ? text.toUpperCase() : text.toLowerCase();
    case 'repeat':
      return text.repeat(edit.times);
    case 'id':
      return text.includes(':') ? `${text.slice(0, text.lastIndexOf(':') + 1)}${edit.id}` : edit.id;
    case 'nfd':
      return text.normalize('NFD');
    case 'pad':
      return `${edit.text}${text}${edit.text}`;
  }
}
