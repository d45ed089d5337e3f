import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import type { CanonicalDeclaration } from '../../gateway/domain/canonical-declaration';
import type { DeclarationWrite } from '../../gateway/store/gateway-store';
import { KeyNames } from '../../gateway/store/key-names';
import type { RedisCommands } from '../../gateway/store/redis-connection';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { RedisStore } from '../../gateway/store/redis-store';
import { goldenNative, mapAccepted } from '../support/mapping';
import { sharedRedisConnection } from '../support/redis';
import { linkedWrite } from '../support/store-writes';

/** The store's commands, each call of a one-node script noted (its arguments), and `change` applied to its arguments first. */
function notingScriptCalls(
  commands: RedisCommands,
  calls: string[][],
  change: (args: string[]) => string[] = (args) => args,
  script: keyof RedisCommands = 'writeIndexedMany',
): RedisCommands {
  return new Proxy(commands, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      if (name !== script) return value.bind(target);
      return (keys: string[], args: string[]) => {
        calls.push(args);
        return value.call(target, keys, change(args));
      };
    },
  });
}

/** A golden tokhaiyte record of a person of the test's own (source id, CCCD), mapped. */
function person(serial: number): CanonicalDeclaration {
  return mapAccepted('tokhaiyte', {
    ...goldenNative('tokhaiyte', '01'),
    ma_to_khai: `TK2111290007${String(serial).padStart(4, '0')}`,
    so_giay_to: `079085${String(700000 + serial)}`,
  });
}

const citizenOf = (serial: number) => `cit_${String(serial).padStart(22, 'G')}`;

/** A new citizen's first write, as the ingestion makes it: created under the record's CCCD, first QR included. */
function firstWrite(d: CanonicalDeclaration, citizenId: string): DeclarationWrite {
  const cccd = d.subject.identifiers?.find((id) => id.system === 'vn-cccd')?.value as string;
  return linkedWrite(d, citizenId, { createdUnder: `vn-cccd:${cccd}`, identifiers: d.subject.identifiers ?? [] });
}

/**
 * On one Redis node the records a process writes in one turn of its event loop (a batch's window)
 * go to Redis in one call of the write script, and what their joins and replay checks read in one
 * call of the read script, each answered as if alone (issue 12: a script call per record cost Redis
 * its fixed cost per record, and the gateway a command's).
 */
describe('records written and read in one turn, on one Redis node, in one script call each', function () {
  const connection = sharedRedisConnection(2000);

  const storeWith = (commands: RedisCommands) =>
    new RedisStore(commands, new KeyNames(createSecretKey(randomBytes(32))), `test:${randomBytes(6).toString('hex')}:`, connection());

  it('writes a window of thirty-two new people in one call, each answered as its own and read back as written', async () => {
    const calls: string[][] = [];
    const store = storeWith(notingScriptCalls(connection().commands, calls));
    const people = Array.from({ length: 32 }, (_, i) => person(i));
    const results = await Promise.all(people.map((d, i) => store.writeDeclaration(firstWrite(d, citizenOf(i)))));
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.[0], '32');
    results.forEach((result, i) => {
      assert.equal(result.created, true);
      assert.equal(result.declaration.subject.citizenId, citizenOf(i));
      assert.equal(result.qr?.text, `VNHC1:${citizenOf(i)}`);
    });
    const read = await Promise.all(people.map((d) => store.getDeclarationWithQr(d.declarationId)));
    read.forEach((stored, i) => {
      assert.equal(stored?.declaration.subject.citizenId, citizenOf(i));
      assert.equal(stored?.qr?.text, `VNHC1:${citizenOf(i)}`);
    });
    const profiles = await Promise.all(people.map((_, i) => store.getCitizen(citizenOf(i))));
    profiles.forEach((profile, i) => {
      assert.equal(profile?.qr?.version, 1);
      assert.deepEqual(profile?.instances, ['tokhaiyte']);
      assert.equal(profile?.identifiers.length, people[i]?.subject.identifiers?.length);
    });
  });

  it('ends two first records of one person in one call in one citizen: the second is told who holds the key', async () => {
    const store = storeWith(connection().commands);
    const d = person(100);
    const other = { ...person(100), declarationId: `${person(100).declarationId}-2` };
    const [first, second] = await Promise.all([
      store.writeDeclaration(firstWrite(d, citizenOf(100))),
      store.writeDeclaration(firstWrite(other, citizenOf(101))),
    ]);
    assert.equal(first.created, true);
    assert.deepEqual({ created: second.created, heldBy: second.heldBy }, { created: false, heldBy: citizenOf(100) });
    assert.equal(await store.getCitizen(citizenOf(101)), undefined);
  });

  it('stores one record sent twice in one call once: the second is answered the stored one', async () => {
    const store = storeWith(connection().commands);
    const d = person(200);
    const again = firstWrite(d, citizenOf(200));
    const [first, second] = await Promise.all([
      store.writeDeclaration(again),
      store.writeDeclaration({ ...again, citizen: { ...again.citizen!, createdUnder: undefined, firstQr: undefined } }),
    ]);
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.deepEqual(second.declaration, first.declaration);
  });

  it('fails only the record whose inputs the write script refuses, as a defect (not an outage); the others are written', async () => {
    const calls: string[][] = [];
    // The second record's declaration id emptied, as a defect of the store's own code would. The
    // arguments: the number of records, then each record's count of keys and of arguments, and its
    // arguments, the id the fifth of them.
    const emptySecondId = (args: string[]) => {
      const second = 3 + Number(args[2]);
      return args.map((arg, i) => (i === second + 2 + 4 ? '' : arg));
    };
    const store = storeWith(notingScriptCalls(connection().commands, calls, emptySecondId));
    const people = [300, 301, 302].map(person);
    const results = await Promise.allSettled(people.map((d, i) => store.writeDeclaration(firstWrite(d, citizenOf(300 + i)))));
    assert.equal(calls.length, 1);
    assert.equal(results[0]?.status, 'fulfilled');
    assert.equal(results[2]?.status, 'fulfilled');
    const refused = results[1] as PromiseRejectedResult;
    assert.equal(refused.status, 'rejected');
    assert.match((refused.reason as Error).message, /VNHC-GUARD/);
    assert.ok(!(refused.reason instanceof StoreUnavailable), 'a script refusing its inputs was reported as an outage (503)');
    assert.equal(await store.getCitizen(citizenOf(301)), undefined);
    assert.equal((await store.getDeclaration(people[2]!.declarationId))?.subject.citizenId, citizenOf(302));
  });

  it('fails only the record Redis fails midway (a string at its timeline key) with a 503; the others are written and answered after the WAIT, and its retry completes it', async () => {
    const prefix = `test:${randomBytes(6).toString('hex')}:`;
    let waits = 0;
    const replication = { singleNode: true, replicasRequired: 1, waitForReplicas: async () => ((waits += 1), 1) };
    const store = new RedisStore(connection().commands, new KeyNames(createSecretKey(randomBytes(32))), prefix, replication);
    const stray = `${prefix}cit:{${citizenOf(501)}}:timeline`;
    await connection().commands.set(stray, 'not a timeline');
    const people = [500, 501, 502].map(person);
    const results = await Promise.allSettled(people.map((d, i) => store.writeDeclaration(firstWrite(d, citizenOf(500 + i)))));
    assert.equal(results[0]?.status === 'fulfilled' && results[0].value.created, true);
    assert.equal(results[2]?.status === 'fulfilled' && results[2].value.created, true);
    const failed = results[1] as PromiseRejectedResult;
    assert.equal(failed.status, 'rejected');
    assert.ok(failed.reason instanceof StoreUnavailable, 'a record Redis failed is an outage of its own (503)');
    assert.match((failed.reason as Error).message, /WRONGTYPE/);
    assert.equal(waits, 1, 'one WAIT for the group');
    assert.equal((await store.latestDeclarations(citizenOf(502), 20))[0]?.declarationId, people[2]!.declarationId);
    // The stray key gone, the record sent again (its citizen now known by its CCCD) is written whole.
    await connection().commands.del(stray);
    const again = await store.writeDeclaration(
      linkedWrite(people[1]!, citizenOf(501), { identifiers: people[1]!.subject.identifiers ?? [] }),
    );
    assert.equal(again.created, true);
    assert.equal((await store.latestDeclarations(citizenOf(501), 20))[0]?.declarationId, people[1]!.declarationId);
  });

  it("reads what a window of thirty-two records' joins and replay checks ask in one call: owners, phone holders, stored declarations with their QR", async () => {
    const calls: string[][] = [];
    const store = storeWith(notingScriptCalls(connection().commands, calls, undefined, 'readMany'));
    const people = Array.from({ length: 32 }, (_, i) => person(400 + i));
    await Promise.all(people.slice(0, 16).map((d, i) => store.writeDeclaration(firstWrite(d, citizenOf(400 + i)))));
    calls.length = 0;
    const cccd = (d: CanonicalDeclaration) => `vn-cccd:${d.subject.identifiers?.find((id) => id.system === 'vn-cccd')?.value}`;
    const phone = (d: CanonicalDeclaration) => d.subject.identifiers?.find((id) => id.system === 'phone')?.value as string;
    const [owners, holders, stored] = await Promise.all([
      Promise.all(people.map((d) => store.ownerOf(cccd(d)))),
      Promise.all(people.map((d) => store.phoneHolders(phone(d)))),
      Promise.all(people.map((d) => store.getDeclarationWithQr(d.declarationId))),
    ]);
    assert.equal(calls.length, 1);
    assert.deepEqual(owners, [...people.slice(0, 16).map((_, i) => citizenOf(400 + i)), ...Array(16).fill(undefined)]);
    assert.deepEqual(
      holders.map((h) => h.length),
      Array(32).fill(0),
      'the writes claimed no phone (none was given)',
    );
    stored.forEach((read, i) => {
      if (i >= 16) return assert.equal(read, undefined);
      assert.equal(read?.declaration.declarationId, people[i]?.declarationId);
      assert.equal(read?.qr?.text, `VNHC1:${citizenOf(400 + i)}`);
    });
  });
});
