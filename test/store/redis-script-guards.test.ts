import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { KeyNames } from '../../gateway/store/key-names';
import { RedisStore } from '../../gateway/store/redis-store';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { sharedRedisConnection } from '../support/redis';
import { KEEP_28_DAYS } from '../support/stores';

/**
 * Redis does not roll back a script that fails half way: each script checks all its inputs before
 * its first write, and a refusal of its own is a defect of the caller (a 500), not an outage (a 503).
 */
describe('Redis scripts check their inputs before they write', function () {
  const connection = sharedRedisConnection();

  /** A write of one declaration, keys and arguments as the store sends them, with `change` made to its arguments. */
  const write = (change: (args: string[]) => string[]) => {
    const base = `test:${randomBytes(6).toString('hex')}:cit:{cit_guard}`;
    const keys = ['', ':ids', ':names', ':births', ':instances', ':timeline', ':d:dcl_x', ':scoped'].map((suffix) => base + suffix);
    const args = [
      'dcl_x',
      '{"declarationId":"dcl_x"}',
      '1629420000000',
      '2021-08-15T07:45:00+07:00',
      'zalo',
      'tran thi binh',
      '1990-11-05',
      String(Date.now() + 86400000),
      '',
      '',
      '1',
      'vn-cccd\t079085001234',
      'zalo\tcongan.hanam\tzalo\t8412345678901234567',
    ];
    return { keys, call: () => connection().commands.writeDeclaration(keys, change(args)) };
  };
  const nothingWritten = async (keys: string[]) =>
    assert.deepEqual(await Promise.all(keys.map((key) => connection().commands.exists(key))), Array(8).fill(0));

  it('writes a well-formed declaration: the guards below refuse what they refuse, not every call', async () => {
    const { keys, call } = write((args) => args);
    await call();
    assert.deepEqual(await Promise.all(keys.map((key) => connection().commands.exists(key))), Array(8).fill(1));
  });

  it("writes nothing when the declaration's timeline score is not a number", async () => {
    const { keys, call } = write((args) => args.map((arg, i) => (i === 2 ? 'NaN' : arg)));
    await assert.rejects(call(), /VNHC-GUARD/);
    await nothingWritten(keys);
  });

  it('writes nothing when the count of identifiers is not a whole number the arguments hold', async () => {
    for (const count of ['x', '-1', '1.5', '5']) {
      const { keys, call } = write((args) => args.map((arg, i) => (i === 10 ? count : arg)));
      await assert.rejects(call(), /VNHC-GUARD/, count);
      await nothingWritten(keys);
    }
  });

  it("writes nothing when a write call's counts of keys and arguments do not add up to what it was given", async () => {
    const base = `test:${randomBytes(6).toString('hex')}:cit:{cit_guard}`;
    const keys = ['', ':ids', ':names', ':births', ':instances', ':timeline', ':d:dcl_x', ':scoped', ':dcl', ':idx'].map(
      (suffix) => base + suffix,
    );
    const record = ['1', '1', '0', 'cit_guard', 'dcl_x', '{"declarationId":"dcl_x"}', '1629420000000', '2021-08-15T07:45:00+07:00'];
    const args = [...record, 'tokhaiyte', '', '', '86400000', '', '', '0'];
    // One record of ten keys said to have nine: the spans cannot be trusted, so nothing is written.
    await assert.rejects(connection().commands.writeIndexedMany(keys, ['1', '9', String(args.length), ...args]), /VNHC-GUARD/);
    assert.deepEqual(await Promise.all(keys.map((key) => connection().commands.exists(key))), Array(10).fill(0));
  });

  /** One record of writeIndexedMany: a citizen's eight keys, its source id, three index keys (the first its creation key), a phone. */
  const indexedRecord = (creating: string) => {
    const base = `test:${randomBytes(6).toString('hex')}:`;
    const citizen = `${base}cit:{cit_g}`;
    const keys = [
      ...['', ':ids', ':names', ':births', ':instances', ':timeline', ':d:dcl_x', ':scoped'].map((suffix) => citizen + suffix),
      `${base}dcl:{dcl_x}`,
      ...['a', 'b', 'c'].map((index) => `${base}idx:{${index}}`),
      `${base}phone:{p}`,
    ];
    const write = ['dcl_x', '{"declarationId":"dcl_x"}', '1629420000000', '2021-08-15T07:45:00+07:00', 'zalo', 'tran thi binh'];
    const args = ['3', creating, '1', 'cit_g', ...write, '1990-11-05', String(Date.now() + 86400000), '', '', '0'];
    return { keys, call: () => connection().commands.writeIndexedMany(keys, ['1', String(keys.length), String(args.length), ...args]) };
  };

  for (const creating of ['2', '2x', '2 ', '23', '3', 'x', ''])
    it(`writes nothing for a record whose creating mark is ${JSON.stringify(creating)}: '0', '1' or '2' and a count within its index keys`, async () => {
      const { keys, call } = indexedRecord(creating);
      assert.deepEqual(((await call()) as unknown[][])[0], [-1]);
      assert.deepEqual(await Promise.all(keys.map((key) => connection().commands.exists(key))), Array(keys.length).fill(0));
    });

  it("lets go of every claim of its own, and of no key it held before, when a key it checks is another citizen's", async () => {
    const { keys, call } = indexedRecord('22');
    // The second key checked is another citizen's; the first this citizen's already.
    await connection().commands.set(keys[11] as string, 'cit_other');
    await connection().commands.set(keys[10] as string, 'cit_g');
    assert.deepEqual(((await call()) as unknown[][])[0], [4, 'cit_other', '2']);
    // The creation key let go; the key it held kept; the other's untouched; no source id, no phone.
    assert.deepEqual(await Promise.all(keys.slice(8).map((key) => connection().commands.exists(key))), [0, 0, 1, 1, 0]);
  });

  it("names no newest version of a living record when the version's time or end is not a number", async () => {
    const key = `test:${randomBytes(6).toString('hex')}:ver:{dcl_x}`;
    for (const args of [
      ['NaN', 'dcl_a', '1893456000000'],
      ['1629000000000', 'dcl_a', 'soon'],
      ['1629000000000', '', '1893456000000'],
    ])
      await assert.rejects(connection().commands.addVersion([key], args), /VNHC-GUARD/, args.join(' '));
    assert.equal(await connection().commands.exists(key), 0);
  });

  it('renews no claim, and keeps no answer over one, for a life that is not a whole number of seconds, nor for an empty claim', async () => {
    const key = `test:${randomBytes(6).toString('hex')}:idem`;
    await connection().commands.set(key, 'p:fp\nrequest-1', { EX: 60 });
    for (const [life, claim] of [
      ['NaN', 'p:fp\nrequest-1'],
      ['0', 'p:fp\nrequest-1'],
      ['1.5', 'p:fp\nrequest-1'],
      ['60', ''],
    ] as const) {
      await assert.rejects(connection().commands.renewIfHeld([key], [claim, life]), /VNHC-GUARD/, `${claim} ${life}`);
      await assert.rejects(connection().commands.completeIfHeld([key], [claim, 'r:fp\n200\n{}', life]), /VNHC-GUARD/, `${claim} ${life}`);
    }
    assert.equal(await connection().commands.get(key), 'p:fp\nrequest-1', 'the claim is left as it was');
  });

  it("lets a guard's refusal through as a defect, not as the store being unavailable", async () => {
    // The script is handed an empty declaration id, as a defect of the store's own code would.
    const commands = Object.create(connection().commands, {
      writeDeclaration: { value: (keys: string[], args: string[]) => connection().commands.writeDeclaration(keys, ['', ...args.slice(1)]) },
    });
    const guarded = new RedisStore(commands, new KeyNames(createSecretKey(randomBytes(32))), `test:${randomBytes(6).toString('hex')}:`);
    const source = { instance: 'tokhaiyte', recordId: 'TK21081500000001' };
    const declaration = { declarationId: 'dcl_guard', declaredAt: '2021-08-15T07:45:00+07:00', source } as never;
    const citizen = { citizenId: 'cit_guard', identifiers: [], instance: 'tokhaiyte', createdAt: '2021-08-15T07:45:00+07:00' };
    const failure = await guarded.writeDeclaration({ keepForMs: KEEP_28_DAYS, declaration, citizen }).catch((error: unknown) => error);
    assert.match((failure as Error).message, /VNHC-GUARD/);
    assert.ok(!(failure instanceof StoreUnavailable), 'a script refusing its inputs was reported as an outage (503)');
  });
});
