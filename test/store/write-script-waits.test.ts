import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createSecretKey, randomBytes } from 'node:crypto';
import type { CanonicalDeclaration } from '../../gateway/domain/canonical-declaration';
import { KeyNames } from '../../gateway/store/key-names';
import { connectRedis, type RedisCommands, type RedisConnection } from '../../gateway/store/redis-connection';
import { RedisStore } from '../../gateway/store/redis-store';
import { goldenNative, mapAccepted } from '../support/mapping';
import { MonitoredCommands } from '../support/redis-monitor';
import { OwnRedis, redisServerInstalled } from '../support/redis';
import { linkedWrite as write } from '../support/store-writes';
import { waitFor } from '../support/wait-for';

/** The store's Redis commands, the write script's outcome for each record (its reply's first element) noted as it answers. */
function notingOutcomes(commands: RedisCommands, outcomes: number[]): RedisCommands {
  return new Proxy(commands, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      if (name !== 'writeIndexedMany') return value.bind(target);
      return async (...args: unknown[]) => {
        const replies = (await value.apply(target, args)) as [number][];
        outcomes.push(...replies.map((reply) => reply[0]));
        return replies;
      };
    },
  });
}

/**
 * REDIS_WAIT_REPLICAS on one node: the write script (writeIndexedMany) claims a record's index keys and
 * phone before it finds the record stored already (0) or its source id held by another citizen's
 * claim (3), claims a person's next record joins by; a failover that lost them would give that
 * record a second citizen. So a WAIT follows the script whatever it answered, save when it wrote
 * nothing (2: the new citizen's key held by another). Counted with MONITOR on the primary: each
 * write's commands, in order.
 */
describe('a WAIT after the write script on one Redis node, whatever it answered (REDIS_WAIT_REPLICAS)', function () {
  this.timeout(30000);
  let primary: OwnRedis;
  let replica: OwnRedis;
  let connection: RedisConnection;
  let monitor: MonitoredCommands;
  let store: RedisStore;
  const outcomes: number[] = [];

  before(async function () {
    redisServerInstalled(this);
    primary = await OwnRedis.start();
    replica = await OwnRedis.start(['--replicaof', '127.0.0.1', String(primary.port)]);
    await waitFor(
      () => /master_link_status:up/.test(spawnSync('redis-cli', ['-p', String(replica.port), 'INFO', 'replication']).stdout.toString()),
      10000,
      'the replica to follow the primary',
    );
    // Two seconds for the replica to acknowledge: on a loaded machine 100 ms is not always enough, and the test is about the rule.
    connection = await connectRedis({ url: primary.url, commandTimeoutMs: 5000, waitReplicas: 1, waitTimeoutMs: 2000 }, () => {});
    assert.ok(connection.singleNode);
    const prefix = `test:${randomBytes(6).toString('hex')}:`;
    store = new RedisStore(
      notingOutcomes(connection.commands, outcomes),
      new KeyNames(createSecretKey(randomBytes(32))),
      prefix,
      connection,
    );
    monitor = await MonitoredCommands.start(primary.url);
    // The script's first EVALSHA since Redis started is answered NOSCRIPT and sent again: loaded here, outside the stories.
    await store.writeDeclaration(write(declaration('02'), citizen('W'), { createdUnder: 'vn-cccd:W' }));
  });
  after(async () => {
    await monitor?.stop();
    await connection?.close();
    await replica?.stop();
    await primary?.stop();
  });

  /** The commands the store sent for `step` (by name, lowercase; the script's own left out), and the script's outcome. */
  const commandsOf = async (step: () => Promise<unknown>): Promise<{ outcome: number | undefined; sent: string[] }> => {
    await monitor.commandsSoFar();
    outcomes.length = 0;
    await step();
    const sent = (await monitor.commandsSoFar()).filter((c) => !c.fromScript).map((c) => c.name);
    assert.ok(outcomes.length <= 1, `the script ran ${outcomes.length} times`);
    return { outcome: outcomes[0], sent };
  };

  it('waits once after a record written (1)', async () => {
    const d = declaration('01', 'TK21112900005001');
    const { outcome, sent } = await commandsOf(() =>
      store.writeDeclaration(write(d, citizen('A'), { createdUnder: 'vn-cccd:A', phone: '+84912000001' })),
    );
    assert.equal(outcome, 1);
    assert.deepEqual(sent, ['evalsha', 'wait']);
  });

  it('waits once after a record found stored already (0), its new index key and phone claimed on the way', async () => {
    const d = declaration('01', 'TK21112900005002');
    await store.writeDeclaration(write(d, citizen('B'), { createdUnder: 'vn-cccd:B' }));
    const again = write(d, citizen('B'), { keys: ['vn-passport:B'], phone: '+84912000002' });
    const { outcome, sent } = await commandsOf(() => store.writeDeclaration(again));
    assert.equal(outcome, 0);
    assert.deepEqual(sent, ['evalsha', 'wait']);
  });

  it("waits once after a source id held by another citizen's claim (3), before the steps that find the record stored", async () => {
    const d = declaration('01', 'TK21112900005003');
    await store.writeDeclaration(write(d, citizen('C'), { createdUnder: 'vn-cccd:C' }));
    const rival = write(declaration('03', 'TK21112900005003'), citizen('D'), { createdUnder: 'vn-cccd:D', phone: '+84912000003' });
    let result: Awaited<ReturnType<RedisStore['writeDeclaration']>> | undefined;
    const { outcome, sent } = await commandsOf(async () => (result = await store.writeDeclaration(rival)));
    assert.equal(outcome, 3);
    assert.equal(result?.created, false);
    assert.equal(result?.declaration.subject.citizenId, citizen('C'));
    assert.deepEqual(sent.slice(0, 2), ['evalsha', 'wait']);
    assert.equal(sent.filter((name) => name === 'wait').length, 1, sent.join(' '));
  });

  it("sends no WAIT when the script wrote nothing: the new citizen's key held by another (2)", async () => {
    await store.writeDeclaration(write(declaration('01', 'TK21112900005004'), citizen('E'), { createdUnder: 'vn-cccd:E' }));
    const late = write(declaration('01', 'TK21112900005005'), citizen('F'), { createdUnder: 'vn-cccd:E', phone: '+84912000005' });
    let result: Awaited<ReturnType<RedisStore['writeDeclaration']>> | undefined;
    const { outcome, sent } = await commandsOf(async () => (result = await store.writeDeclaration(late)));
    assert.equal(outcome, 2);
    assert.equal(result?.heldBy, citizen('E'));
    assert.deepEqual(sent, ['evalsha']);
  });
});

/** A citizen id of the test's own, 22 characters after `cit_` as the gateway's. */
const citizen = (letter: string) => `cit_${letter.repeat(22)}`;

/** A golden tokhaiyte record, mapped, under the source id given. */
function declaration(golden: string, sourceId = `TK2111290000${golden}99`): CanonicalDeclaration {
  return mapAccepted('tokhaiyte', { ...goldenNative('tokhaiyte', golden), ma_to_khai: sourceId });
}
