import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { DEFAULT_INSTANCES } from '../../adapters';
import { tokhaiyteSimulator } from '../../adapters/tokhaiyte/tokhaiyte-simulator';
import { syntheticCitizens } from '../../gateway/sandbox/synthetic-citizens';
import { untilClosed } from '../support/socket-talk';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';

/**
 * A client that sends its whole batch and half-closes its socket (done sending, still reading):
 * node's default aborted the request at its FIN, and on Redis it was answered 96 lines of 300, all
 * 300 stored, no summary (a hostile review). It is answered every line and the summary.
 */
describeOnEveryStore('a client that half-closes after sending its whole batch', (store) => {
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start(store.env);
  });
  after(() => gw.stop());

  it('reads every line of its answer and the summary', async () => {
    const instance = DEFAULT_INSTANCES.find((i) => i.name === 'tokhaiyte')!;
    const records = syntheticCitizens(300, 77).map((p) => tokhaiyteSimulator.recordFor(p, instance, new Date('2021-08-19T02:00:00Z')));
    const body = Buffer.from(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const url = new URL(gw.baseUrl);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    const said = untilClosed(socket);
    socket.write(
      `POST /v1/sources/tokhaiyte/declarations:batch HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${gw.token()}\r\n` +
        `Content-Type: application/x-ndjson\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body);
    socket.end();
    const answer = (await said).split('\r\n\r\n').slice(1).join('\r\n\r\n');
    const lines = answer.split('\n').filter((line) => line.startsWith('{'));
    assert.equal(lines.length, records.length + 1);
    assert.deepEqual(JSON.parse(lines.at(-1) as string).summary.created, records.length);
  });
});
