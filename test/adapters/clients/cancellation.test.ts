import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from 'undici';
import { CallSlots } from '../../../adapters/common/call-slots';
import { createHttpClient, getJson, type HttpClient } from '../../../adapters/common/http-lookup';
import { timeoutSignal, UpstreamError } from '../../../adapters/common/upstream';
import { waitFor } from '../../support/wait-for';

/**
 * A platform on loopback that answers as `handle` says, counting its connections and those that
 * closed: what shows a cancelled call really ended on the wire, which a stand-in without sockets cannot.
 */
async function platformOnLoopback(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen = { connections: 0, closed: 0, requests: 0 };
  const server: Server = createServer((req, res) => {
    seen.requests += 1;
    handle(req, res);
  });
  server.on('connection', (socket) => {
    seen.connections += 1;
    socket.on('close', () => (seen.closed += 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    seen,
    client: (maxSockets?: number): HttpClient => createHttpClient({ baseUrl, credentials: {} }, {}, maxSockets),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** The failure a call ended with (an UpstreamError's kind), or 'answered'. */
async function ending(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'answered';
  } catch (error) {
    if (error instanceof UpstreamError) return error.kind;
    throw error;
  }
}

const hang = () => undefined;

describe('platform calls cancelled on the wire (undici, a real socket)', function () {
  this.timeout(10000);
  let platform: Awaited<ReturnType<typeof platformOnLoopback>> | undefined;
  afterEach(() => platform?.close());

  it('closes the connection of a call cancelled before the answer came', async () => {
    platform = await platformOnLoopback(hang);
    assert.equal(await ending(getJson(platform.client(), '/to-khai/TK21081500012345', timeoutSignal(50))), 'timeout');
    const { seen } = platform;
    await waitFor(() => seen.closed === 1, 2000, 'the platform to see the connection close');
  });

  it('closes the connection of a call cancelled while its body was arriving', async () => {
    platform = await platformOnLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"hoTen": "Nguyễn Văn An", ');
    });
    assert.equal(await ending(getJson(platform.client(), '/to-khai/TK21081500012345', timeoutSignal(50))), 'timeout');
    const { seen } = platform;
    await waitFor(() => seen.closed === 1, 2000, 'the platform to see the connection close');
  });

  it('ends a call cancelled while every connection is busy at once, and never sends it', async () => {
    platform = await platformOnLoopback(hang);
    const client = platform.client(2);
    const busy = [1, 2].map(() => ending(getJson(client, '/hang', timeoutSignal(3000))));
    const { seen } = platform;
    await waitFor(() => seen.requests === 2, 2000, 'both connections to be busy');
    const cancelled = new AbortController();
    const waiting = ending(getJson(client, '/waits', cancelled.signal));
    cancelled.abort();
    // Settled while both busy calls still hang: it left its wait, not a connection's end.
    assert.equal(await Promise.race([waiting, ...busy.map(async (b) => `busy call ended first: ${await b}`)]), 'aborted');
    assert.deepEqual([seen.requests, seen.connections], [2, 2]);
  });

  it("frees a failed call's place: with one connection, a call after an answer refused as too large is sent and answered", async () => {
    platform = await platformOnLoopback((req, res) => res.end(req.url === '/big' ? `"${'x'.repeat(1_100_000)}"` : '{}'));
    const client = platform.client(1);
    assert.equal(await ending(getJson(client, '/big', timeoutSignal(3000))), 'connection');
    assert.equal(await ending(getJson(client, '/ok', timeoutSignal(3000))), 'answered');
  });

  it('refuses a call at once when as many calls wait as it has connections, rather than queueing without end', async () => {
    platform = await platformOnLoopback(hang);
    const client = platform.client(1);
    const signal = () => timeoutSignal(3000);
    const calls = [getJson(client, '/a', signal()), getJson(client, '/b', signal())].map(ending);
    assert.equal(await ending(getJson(client, '/c', signal())), 'connection');
    platform.close();
    await Promise.all(calls);
  });
});

describe('a platform client closed with the gateway', () => {
  it('closes its keep-alive connections when the gateway stops, instead of leaving them to the process end', async () => {
    const platform = await platformOnLoopback((_req, res) => res.end('{}'));
    try {
      const client = platform.client();
      await getJson(client, '/to-khai/TK21081500012345', new AbortController().signal);
      assert.deepEqual([platform.seen.connections, platform.seen.closed], [1, 0]);
      await client.close();
      await waitFor(() => platform.seen.closed === 1, 2000, 'the platform to see the connection close');
    } finally {
      platform.close();
    }
  });
});

describe('a call cancelled before a connection took it', () => {
  it('is never handed to the pool when cancelled before it had its place', async () => {
    const handed: unknown[] = [];
    const pool = { dispatch: (_options: unknown, handler: unknown) => handed.push(handler) > 0 };
    const client = createHttpClient(
      { baseUrl: 'http://platform.invalid', credentials: {}, dispatcher: pool as unknown as Dispatcher },
      {},
      1,
    );
    const cancelled = new AbortController();
    const call = ending(getJson(client, '/to-khai/TK21081500012345', cancelled.signal));
    cancelled.abort();
    assert.equal(await call, 'aborted');
    assert.equal(handed.length, 0);
  });

  it('ends for its caller at once, yet keeps its place in the pool until undici lets go of it, so the pool never queues', async () => {
    // A pool still making the connection: it holds what it was handed and starts nothing until told.
    const handed: Dispatcher.DispatchHandler[] = [];
    const connecting = { dispatch: (_options: unknown, handler: Dispatcher.DispatchHandler) => handed.push(handler) > 0 };
    const client = createHttpClient(
      { baseUrl: 'http://platform.invalid', credentials: {}, dispatcher: connecting as unknown as Dispatcher },
      {},
      1,
    );
    const cancelled = new AbortController();
    const first = ending(getJson(client, '/to-khai/TK21081500012345', cancelled.signal));
    await waitFor(() => handed.length === 1, 2000, 'the call to be handed to the pool');
    cancelled.abort();
    assert.equal(await first, 'aborted');
    const next = ending(getJson(client, '/to-khai/TK21081500012346', timeoutSignal(3000)));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(handed.length, 1, 'the next call waits for the place the cancelled one still holds in the pool');
    const letGo = { aborted: true, paused: false, reason: null, abort: () => undefined, pause: () => undefined, resume: () => undefined };
    handed[0]?.onResponseError?.(letGo, new Error('aborted before it was sent'));
    await waitFor(() => handed.length === 2, 2000, 'the next call to be handed to the pool');
    handed[1]?.onResponseStart?.(letGo, 404, {}, 'Not Found');
    handed[1]?.onResponseEnd?.(letGo, {});
    assert.equal(await next, 'answered');
  });
});

describe('call slots', () => {
  it('hands a freed slot to the call that waited longest, and skips one that left', async () => {
    const slots = new CallSlots(2);
    for (let i = 0; i < 2; i++) assert.equal(await slots.take(new AbortController().signal), 'taken');
    const leaving = new AbortController();
    const first = slots.take(leaving.signal);
    const second = slots.take(new AbortController().signal);
    leaving.abort();
    assert.equal(await first, 'cancelled');
    slots.release();
    assert.equal(await second, 'taken');
    assert.deepEqual(slots.counts, { busy: 2, waiting: 0 });
  });
});
