import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { documentKeys } from '../../gateway/identity/identity-keys';
import type { GatewayStore } from '../../gateway/store/gateway-store';
import { KeyNames } from '../../gateway/store/key-names';
import { MemoryStore } from '../../gateway/store/memory-store';
import { connectRedis, type RedisConnection } from '../../gateway/store/redis-connection';
import { RedisStore } from '../../gateway/store/redis-store';
import { StoreUnavailable } from '../../gateway/store/store-errors';
import { ingestFixture } from '../support/ingest-fixture';
import { goldenNative, mapAccepted } from '../support/mapping';
import { requireRedis, SHARED_REDIS_URL } from '../support/redis';

/**
 * The store with its citizen write failing `failures` times, as a Redis that dies mid-request: after
 * the new citizen's key is claimed (on a cluster the write's first step, alone), before the rest;
 * and a count of separate QR writes.
 */
function interrupted(store: GatewayStore, failures: number) {
  const calls = { ensureQr: 0 };
  let left = failures;
  const wrapped: GatewayStore = Object.create(store, {
    writeDeclaration: {
      value: async (...args: Parameters<GatewayStore['writeDeclaration']>) => {
        if (left-- <= 0) return store.writeDeclaration(...args);
        const citizen = args[0].citizen;
        if (citizen?.createdUnder) await store.claim(citizen.createdUnder, citizen.citizenId);
        throw new StoreUnavailable('redis: connection lost');
      },
    },
    ensureQr: {
      value: (...args: Parameters<GatewayStore['ensureQr']>) => {
        calls.ensureQr += 1;
        return store.ensureQr(...args);
      },
    },
  });
  return { wrapped, calls };
}

function interruptedWrites(name: string, makeStore: () => Promise<GatewayStore>, before?: (context: Mocha.Context) => Promise<void>) {
  describe(`a first record whose write is interrupted (${name})`, () => {
    const native = goldenNative('c06', '01');
    const cccdKey = documentKeys(mapAccepted('c06', native).subject)[0] as string;
    let store: GatewayStore;

    beforeEach(async function () {
      if (before) await before(this);
      store = await makeStore();
    });

    it('stores a new citizen with its first QR in the same step as its first declaration', async () => {
      const { wrapped, calls } = interrupted(store, 0);
      const { ingest } = ingestFixture(wrapped);
      const outcome = await ingest.ingestNative('c06', native);
      assert.ok(outcome.ok && outcome.citizen);
      assert.equal(calls.ensureQr, 0, 'the QR was written apart from the citizen');
      assert.equal((await store.getCitizen(outcome.citizen.citizenId))?.qr?.text, outcome.citizen.qr);
    });

    it('is a 503 that leaves no citizen behind, and its retry completes the citizen its keys already name, QR included', async () => {
      const { wrapped } = interrupted(store, 1);
      const { ingest, unifiedQr } = ingestFixture(wrapped);
      await assert.rejects(ingest.ingestNative('c06', native), StoreUnavailable);
      const named = await store.ownerOf(cccdKey);
      assert.ok(named, 'the creation key was claimed before the write failed');
      assert.equal(await store.getCitizen(named), undefined);

      const retried = await ingest.ingestNative('c06', native);
      assert.ok(retried.ok && retried.citizen);
      assert.equal(retried.created, true);
      assert.equal(retried.citizen.citizenId, named, 'the person got a second citizen id');
      assert.equal((await store.getCitizen(named))?.qr?.text, retried.citizen.qr);
      const check = unifiedQr.check(retried.citizen.qr);
      assert.ok(check.ok && check.claims.citizenId === named);
    });
  });
}

interruptedWrites('in memory', async () => new MemoryStore());

let connection: RedisConnection | undefined;
interruptedWrites(
  'Redis',
  async () => {
    connection ??= await connectRedis({ url: SHARED_REDIS_URL, commandTimeoutMs: 1000 }, () => {});
    return new RedisStore(connection.commands, new KeyNames(createSecretKey(randomBytes(32))), `test:${randomBytes(6).toString('hex')}:`);
  },
  (context) => requireRedis(context),
);
after(() => connection?.close());
