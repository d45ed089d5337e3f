import assert from 'node:assert/strict';
import { DEFAULT_INSTANCES } from '../../adapters';
import { tokhaiyteSimulator } from '../../adapters/tokhaiyte/tokhaiyte-simulator';
import { syntheticCitizens } from '../../gateway/sandbox/synthetic-citizens';
import { connectRedis } from '../../gateway/store/redis-connection';
import { OwnRedis, redisServerInstalled } from '../support/redis';
import { TestGateway } from '../support/test-gateway';
import { waitFor } from '../support/wait-for';

const SINGLE = '/v1/sources/{instance}/declarations';
const WRITERS = 16;
const PEOPLE = 600;
/** Acknowledged writes before Redis is killed, and refused ones seen before it comes back. */
const KILL_AFTER = 150;
const REFUSALS_DURING_OUTAGE = 40;

interface Acknowledged {
  declarationId: string;
  citizenId: string;
  qr: string;
}

/**
 * Redis killed with SIGKILL while sixteen clients post new people, then started again from its
 * append-only file (`appendfsync always`, as production runs it). What was acknowledged must all be
 * there, nothing twice; what was refused (503) is sent again, as a client does, and afterwards no
 * index key names a citizen that does not exist and every person is one citizen with one QR.
 */
describe('Redis killed under write load', function () {
  this.timeout(60000);
  let redis: OwnRedis;
  let gw: TestGateway;

  before(async function () {
    redisServerInstalled(this);
    redis = await OwnRedis.start(['--appendonly', 'yes', '--appendfsync', 'always']);
    gw = await TestGateway.start({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '2000' });
  });
  after(async () => {
    await gw?.stop();
    await redis?.stop();
  });

  it('loses no acknowledged write, stores none twice, and leaves no orphan once the refused ones are sent again', async () => {
    const instance = DEFAULT_INSTANCES.find((i) => i.name === 'tokhaiyte')!;
    const people = syntheticCitizens(PEOPLE, 1411);
    const records = people.map((person) => tokhaiyteSimulator.recordFor(person, instance, new Date('2021-08-19T02:00:00Z')));
    const acknowledged = new Map<number, Acknowledged>();
    const refused = new Set<number>();
    const post = (index: number) =>
      gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: records[index], route: SINGLE, signal: AbortSignal.timeout(5000) });

    let next = 0;
    let killed = false;
    let refusedAfterKill = 0;
    const writer = async () => {
      while (next < records.length) {
        const index = next++;
        const answer = await post(index);
        if (answer.status === 201 || answer.status === 200) {
          acknowledged.set(index, {
            declarationId: answer.body.declaration.declarationId,
            citizenId: answer.body.citizen.citizenId,
            qr: answer.body.citizen.qr,
          });
        } else {
          assert.equal(answer.status, 503, `an outage answered ${answer.status}: ${JSON.stringify(answer.body)}`);
          refused.add(index);
          if (killed) refusedAfterKill += 1;
        }
      }
    };
    const load = Promise.all(Array.from({ length: WRITERS }, writer));

    await waitFor(() => acknowledged.size >= KILL_AFTER, 20000, 'writes to be acknowledged before the kill');
    await redis.stop(); // SIGKILL: no shutdown, no last fsync
    killed = true;
    const killedAt = performance.now();
    await waitFor(() => refusedAfterKill >= REFUSALS_DURING_OUTAGE, 10000, 'writes to be refused while Redis is down');
    await redis.start();
    await load;
    const figures = {
      acknowledged: acknowledged.size,
      refused: refused.size,
      outageMs: Math.round(performance.now() - killedAt),
      orphansBeforeRetries: (await indexOf(redis, gw)).orphans,
    };

    // The clients send again what was refused, until it is acknowledged.
    for (const index of refused) {
      let answer = await post(index);
      await waitFor(
        async () => (answer.status === 503 ? ((answer = await post(index)), answer.status !== 503) : true),
        10000,
        'a retry to be taken',
      );
      assert.ok([200, 201].includes(answer.status), JSON.stringify(answer.body));
      acknowledged.set(index, {
        declarationId: answer.body.declaration.declarationId,
        citizenId: answer.body.citizen.citizenId,
        qr: answer.body.citizen.qr,
      });
    }
    assert.equal(acknowledged.size, PEOPLE);

    // Every acknowledged declaration is there, under the citizen it was acknowledged with, and that citizen's QR is the one handed out.
    for (const [index, ack] of acknowledged) {
      const read = await gw.call('GET', `/v1/declarations/${ack.declarationId}`);
      assert.equal(read.status, 200, `acknowledged declaration of person ${index} lost`);
      assert.equal(read.body.subject.citizenId, ack.citizenId);
      const citizen = await gw.gateway.store.getCitizen(ack.citizenId);
      assert.equal(citizen?.qr?.text, ack.qr, `person ${index}'s acknowledged QR is not their QR`);
    }
    // Every person is one citizen: no person split, no two people merged.
    assert.equal(new Set([...acknowledged.values()].map((a) => a.citizenId)).size, PEOPLE);

    // No index key names a citizen that does not exist, and no declaration is stored twice.
    const { indexKeys, orphans, declarationsStored } = await indexOf(redis, gw);
    console.log(`      (${JSON.stringify({ ...figures, indexKeys, orphans, declarationsStored })})`);
    assert.equal(orphans, 0, `${orphans} index keys name a citizen that does not exist`);
    assert.equal(declarationsStored, PEOPLE, 'a declaration is stored twice, or one is missing');
  });
});

/** What Redis holds: index keys, those naming a citizen that does not exist, and declarations. */
async function indexOf(redis: OwnRedis, gw: TestGateway) {
  const connection = await connectRedis({ url: redis.url, commandTimeoutMs: 1000 }, () => {});
  try {
    const prefix = gw.config.redis?.keyPrefix as string;
    let indexKeys = 0;
    let orphans = 0;
    for await (const key of connection.scan(`${prefix}idx:*`)) {
      indexKeys += 1;
      const owner = (await connection.commands.get(key)) as string;
      if ((await connection.commands.exists(`${prefix}cit:{${owner}}`)) === 0) orphans += 1;
    }
    let declarationsStored = 0;
    for await (const _ of connection.scan(`${prefix}cit:{*}:d:*`)) declarationsStored += 1;
    return { indexKeys, orphans, declarationsStored };
  } finally {
    await connection.close();
  }
}
