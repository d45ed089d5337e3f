import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import type { DeclarationWrite, DeclarationWriteResult } from '../../gateway/store/gateway-store';
import { KeyNames } from '../../gateway/store/key-names';
import { MemoryStore } from '../../gateway/store/memory-store';
import { connectRedis, type RedisCommands, type RedisConnection } from '../../gateway/store/redis-connection';
import { RedisStore } from '../../gateway/store/redis-store';
import { ingestFixture } from '../support/ingest-fixture';
import { goldenNative, mapAccepted } from '../support/mapping';
import { requireRedis, SHARED_REDIS_URL } from '../support/redis';
import { waitFor } from '../support/wait-for';

/** A first record on a family's one Zalo account ("khai hộ"): each member with their own CCCD. */
const familyForm = (submission: string, account: string, name: string, birth: string, cccd: string) => ({
  submission_id: submission,
  oa_id: 'congan.quangnam',
  zalo_user_id: account,
  submitted_at: 1620655200,
  answers: [
    { label: 'Họ và tên', value: name },
    { label: 'Ngày sinh', value: birth },
    { label: 'Số CMND/CCCD', value: cccd },
    { label: 'Số điện thoại', value: '0905.123.499' },
  ],
});

/** Redis commands whose first call of `command` waits until `release` (another node's slow round trip). */
function slowFirst(commands: RedisCommands, command: keyof RedisCommands) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let waited = false;
  const slowed = new Proxy(commands, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop !== command) return value.bind(target);
      return async (...args: unknown[]) => {
        if (!waited) {
          waited = true;
          await gate;
        }
        return value.apply(target, args);
      };
    },
  }) as RedisCommands;
  return { slowed, release };
}

/**
 * On a Redis Cluster a new citizen is written in steps (its creation key; its index keys and phone;
 * then its citizen, each a round trip to other slots): another first record can read it half
 * written. The store here takes those steps on one Redis (no replication settings: not a single
 * node's one script), with one step held back as a slow node would.
 */
describe('first records of one person at once, a new citizen written in steps (a cluster)', function () {
  let connection: RedisConnection;
  before(async function () {
    await requireRedis(this);
    connection = await connectRedis({ url: SHARED_REDIS_URL, commandTimeoutMs: 1000 }, () => {});
  });
  after(() => connection?.close());
  const storeOn = (commands: RedisCommands) =>
    new RedisStore(commands, new KeyNames(createSecretKey(randomBytes(32))), `test:${randomBytes(6).toString('hex')}:`);

  it("joins a C06 passage to the NCOVI citizen whose write holds the person's phone, name and birth date but has not written them yet", async () => {
    // The NCOVI write's second step (its phone among the holders) is slow.
    const { slowed, release } = slowFirst(connection.commands, 'sAdd');
    const store = storeOn(slowed);
    const f = ingestFixture(store);
    const c06 = goldenNative('c06', '01');
    Object.assign(c06, { maKhaiBao: 'C06-79-20210815-000777', soDinhDanh: '079085001777', soDienThoai: '0912345677' });
    const ncovi = goldenNative('ncovi', '01');
    ncovi.id = '3f6c1d2e-8a4b-4c1e-9d55-0c2a7b9e1777';
    Object.assign(ncovi.profile, { idNumber: null, fullName: 'NGUYỄN VĂN AN'.normalize('NFD'), phone: '+84912345677' });

    const declaration = f.accept('ncovi', ncovi);
    await waitFor(
      async () => (await store.ownerOf('pnb:+84912345677|nguyen van an|1985-03-12')) !== undefined,
      5000,
      'the NCOVI key claimed',
    );
    const passage = await f.accept('c06', c06);
    release();
    assert.equal(passage.citizenId, (await declaration).citizenId);
  });

  it("keeps a son a citizen of his own, whose first record on his mother's Zalo account meets hers half written", async () => {
    // The mother's last step (her citizen) is slow; the son's write waits until she holds the account.
    const { slowed, release: motherWrites } = slowFirst(connection.commands, 'writeDeclaration');
    let sonWriting!: () => void;
    const sonRead = new Promise<void>((resolve) => (sonWriting = resolve));
    let sonWrites!: () => void;
    const sonGate = new Promise<void>((resolve) => (sonWrites = resolve));
    const store = storeOn(slowed);
    const writeDeclaration = store.writeDeclaration.bind(store);
    store.writeDeclaration = async (write: DeclarationWrite): Promise<DeclarationWriteResult> => {
      if (write.declaration.source.recordId === '7301928374650199002') {
        sonWriting();
        await sonGate;
      }
      return writeDeclaration(write);
    };
    const f = ingestFixture(store);
    const account = '8412345678901234599';
    const son = f.accept('zalo', familyForm('7301928374650199002', account, 'Nguyễn Văn Nam', '01/02/2010', '049210001111'));
    await sonRead;
    const mother = f.accept('zalo', familyForm('7301928374650199001', account, 'Trần Thị Bình', '05/11/1990', '049190001234'));
    await waitFor(async () => (await store.ownerOf(`zalo:${account}`)) !== undefined, 5000, "the mother's claim of the account");
    sonWrites();
    const sonCitizen = (await son).citizenId;
    motherWrites();
    const motherCitizen = (await mother).citizenId;
    assert.notEqual(sonCitizen, motherCitizen);
    const held = (await store.getCitizen(motherCitizen as string))?.identifiers.map(({ value }) => value);
    assert.ok(!held?.includes('049210001111'), `the mother's citizen holds ${held?.join(', ')}`);
  });

  describe('two of them, each holding a key the other checks', () => {
    /**
     * A: his CCCD, his old CMND, phone, name and birth date (created under the CCCD, checking the CMND
     * and the phone, name and birth date). B: the same CMND, phone, name and birth date (created under
     * the CMND). In a cluster's steps, A found the CMND B's and B the phone, name and birth date A's:
     * both let go, each joined the other's citizen, never written: two citizens, every time (a review).
     */
    for (const [where, singleNode] of [
      ["a cluster's steps", false],
      ['one script on a single node', true],
    ] as const)
      it(`end in one citizen, in ${where}`, async () => {
        const store = new RedisStore(
          connection.commands,
          new KeyNames(createSecretKey(randomBytes(32))),
          `test:${randomBytes(6).toString('hex')}:`,
          { replicasRequired: 0, waitForReplicas: async () => 0, singleNode },
        );
        const f = ingestFixture(store);
        const withCccd = mapAccepted('c06', { ...goldenNative('c06', '01'), soDinhDanh: '079085001888', soDienThoai: '0912345688' });
        withCccd.subject.identifiers = [...(withCccd.subject.identifiers ?? []), { system: 'vn-cmnd', value: '025123456' }];
        const withCmnd = structuredClone(withCccd);
        withCmnd.source = { ...withCccd.source, recordId: `${withCccd.source.recordId}-CMND` };
        withCmnd.declarationId = `${withCccd.declarationId}x`;
        withCmnd.subject.identifiers = (withCmnd.subject.identifiers ?? []).filter((id) => id.system !== 'vn-cccd');
        const [a, b] = await Promise.all([f.ingest.ingestMapped(withCccd), f.ingest.ingestMapped(withCmnd)]);
        assert.ok(a.ok && b.ok);
        assert.equal(a.declaration.subject.citizenId, b.declaration.subject.citizenId);
      });
  });
});

describe("a family member's first record on the family's shared account", () => {
  it('is written once: a platform id another citizen holds is no sign of a race', async () => {
    const writes: DeclarationWrite[] = [];
    const store = new MemoryStore();
    const writeDeclaration = store.writeDeclaration.bind(store);
    store.writeDeclaration = (write) => (writes.push(write), writeDeclaration(write));
    const f = ingestFixture(store);
    const account = '8412345678901234567';
    const mother = await f.accept('zalo', familyForm('7301928374650190001', account, 'Trần Thị Bình', '05/11/1990', '049190001234'));
    writes.length = 0;
    const son = await f.accept('zalo', familyForm('7301928374650190002', account, 'Nguyễn Văn Nam', '01/02/2010', '049210001111'));
    assert.deepEqual([son.rule, son.citizenId === mother.citizenId, writes.length], ['new-citizen', false, 1]);
  });
});
