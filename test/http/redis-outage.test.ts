import assert from 'node:assert/strict';
import { goldenNative } from '../support/mapping';
import { OwnRedis, redisServerInstalled } from '../support/redis';
import { waitFor } from '../support/wait-for';
import { TestGateway } from '../support/test-gateway';

const SINGLE = '/v1/sources/{instance}/declarations';

describe('a gateway whose Redis goes away', function () {
  this.timeout(30000);
  let redis: OwnRedis;
  let gw: TestGateway;

  before(async function () {
    redisServerInstalled(this);
    // appendfsync always: what Redis acknowledged survives its own kill, as a production Redis with AOF would keep it.
    redis = await OwnRedis.start(['--appendonly', 'yes', '--appendfsync', 'always']);
    gw = await TestGateway.start({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '2000' });
  });
  after(async () => {
    await gw?.stop();
    await redis?.stop();
  });

  it('answers writes with 503 problem+json within the request budget, storing nothing, and recovers by itself when Redis returns', async () => {
    const before = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: goldenNative('tokhaiyte', '01'), route: SINGLE });
    assert.equal(before.status, 201);

    await redis.stop();
    const outage = await gw.call('POST', '/v1/sources/ncovi/declarations', {
      body: goldenNative('ncovi', '02'),
      route: SINGLE,
      signal: AbortSignal.timeout(2000),
    });
    assert.equal(outage.status, 503);
    assert.equal(outage.body.type, 'https://gateway.vnhc.example/problems/unavailable');
    const read = await gw.call('GET', `/v1/declarations/${before.body.declaration.declarationId}`, { signal: AbortSignal.timeout(2000) });
    assert.equal(read.status, 503);

    await redis.start();
    await waitFor(
      async () =>
        (await gw.call('POST', '/v1/sources/ncovi/declarations', { body: goldenNative('ncovi', '02'), route: SINGLE })).status === 201,
      10000,
      'the gateway to write again',
    );
    assert.equal((await gw.call('GET', `/v1/declarations/${before.body.declaration.declarationId}`)).status, 200);
    // The refused write left nothing behind: the same record is new now, and stored once.
    const citizen = await gw.call(
      'GET',
      `/v1/citizens/${(await gw.call('POST', '/v1/sources/ncovi/declarations', { body: goldenNative('ncovi', '02'), route: SINGLE })).body.citizen.citizenId}`,
    );
    assert.equal(citizen.body.declarations.length, 1);
  });
});

describe('a gateway whose Redis hangs', function () {
  this.timeout(30000);
  it('answers within its request budget with a 503, and the write still lands once, so a retry is a replay', async function () {
    redisServerInstalled(this);
    const redis = await OwnRedis.start(['--enable-debug-command', 'yes']);
    const gw = await TestGateway.start({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '300' });
    try {
      // Redis stops answering for 1.5 s: commands wait, but the request may not.
      await redis.sleep(1.5);
      const hung = await gw.call('POST', '/v1/sources/tokhaiyte/declarations', {
        body: goldenNative('tokhaiyte', '03'),
        route: SINGLE,
        signal: AbortSignal.timeout(1000),
      });
      assert.equal(hung.status, 503);
      await waitFor(
        async () =>
          (await gw.call('POST', '/v1/sources/tokhaiyte/declarations', { body: goldenNative('tokhaiyte', '03'), route: SINGLE })).status ===
          200,
        10000,
        'the retry to be a replay',
      );
    } finally {
      await gw.stop();
      await redis.stop();
    }
  });
});
