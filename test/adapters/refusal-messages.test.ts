import assert from 'node:assert/strict';
import { createAdapterRegistry, DEFAULT_INSTANCES } from '../../adapters';
import { loadGoldenCases } from '../support/golden-pairs';

/**
 * Refusal messages go back to the partner, into logs and into metrics: they never repeat a value
 * that was submitted. Every text and number of every golden record, on every instance, is replaced
 * in turn by personal values (a name, a phone, a document number, an e-mail, a street; alone,
 * together, in NFD, and long enough to pass every length limit), and no message may contain them.
 */
const PERSONAL = {
  name: 'Nguyễn Thị Hồng Nhung',
  phone: '0987 654 321',
  phoneDigits: '0987654321',
  cccd: '001192004567',
  cmnd: '201234567',
  email: 'nhung.nguyen@example.vn',
  street: '8 Hoàng Diệu',
};
const TOGETHER = `${PERSONAL.street}, ${PERSONAL.name}, ${PERSONAL.phone}, ${PERSONAL.cccd}, ${PERSONAL.email}`;
const SUBSTITUTES: unknown[] = [
  ...Object.values(PERSONAL),
  TOGETHER,
  TOGETHER.normalize('NFD'),
  `${TOGETHER} `.repeat(30),
  Number(PERSONAL.cccd),
  Number(PERSONAL.phoneDigits),
];
/** What a message must not contain: each value, in NFC and NFD, and its digits alone. */
const FORBIDDEN = Object.values(PERSONAL)
  .flatMap((v) => [v, v.normalize('NFD'), v.toLowerCase()])
  .concat(['987654321', '1192004567', '201234567']);

/** Every pointer to a text or number in a JSON value. */
function leafPointers(value: unknown, pointer = ''): string[] {
  if (typeof value === 'string' || typeof value === 'number') return [pointer];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, member]) =>
    leafPointers(member, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  );
}

function withValueAt(record: unknown, pointer: string, value: unknown): unknown {
  const copy = structuredClone(record) as Record<string, unknown>;
  const tokens = pointer.split('/').slice(1);
  let node: Record<string, unknown> = copy;
  for (const token of tokens.slice(0, -1)) node = node[token] as Record<string, unknown>;
  node[tokens.at(-1) as string] = value;
  return copy;
}

describe('refusal messages never repeat a submitted value', () => {
  const registry = createAdapterRegistry();
  const records = loadGoldenCases('accepted').filter((c) => c.file.startsWith('01') || c.file.startsWith('02'));

  for (const { name } of DEFAULT_INSTANCES) {
    it(`${name}: no reason repeats a name, phone, document, e-mail or street written into any field`, () => {
      const adapter = registry.get(name)!;
      let refusals = 0;
      for (const c of records.filter((r) => r.instance === name)) {
        for (const pointer of leafPointers(c.native)) {
          for (const value of SUBSTITUTES) {
            const result = adapter.toCanonical(withValueAt(c.native, pointer, value), c.receivedAt);
            if (result.ok) continue;
            refusals += 1;
            for (const reason of result.reasons) {
              const leaked = FORBIDDEN.find((v) => reason.message.includes(v) || reason.message.toLowerCase().includes(v.toLowerCase()));
              assert.equal(leaked, undefined, `${c.file} ${pointer}: "${reason.message}" repeats a submitted value`);
            }
          }
        }
      }
      assert.ok(refusals > 20, `only ${refusals} refusals: the test no longer reaches the refusal paths`);
    });
  }
});
