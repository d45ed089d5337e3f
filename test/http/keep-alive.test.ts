import assert from 'node:assert/strict';
import { connect } from 'node:net';
import express from 'express';
import { createHttpServer, SOCKET_IDLE_TIMEOUT_MS } from '../../gateway/http/http-server';
import { untilClosed } from '../support/socket-talk';
import { TestGateway } from '../support/test-gateway';

/** The server's timeouts, each set on purpose (gateway/http/http-server.ts says why). */
describe('the HTTP server’s timeouts', function () {
  this.timeout(20000);
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start({
      SERVER_HEADERS_TIMEOUT_MS: '500',
      SERVER_REQUEST_TIMEOUT_MS: '1000',
      SERVER_KEEP_ALIVE_TIMEOUT_MS: '2500',
    });
  });
  after(() => gw.stop());

  it('closes an idle keep-alive connection quietly by its keep-alive timeout; the shorter headers timeout never answers it 408', async () => {
    const socket = connect(Number(new URL(gw.baseUrl).port), '127.0.0.1');
    const said = untilClosed(socket);
    socket.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n');
    const everything = await said;
    assert.deepEqual(everything.match(/^HTTP\/1\.1 \d+/gm), ['HTTP/1.1 200']);
    assert.match(everything, /Keep-Alive: timeout=2/i);
  });

  it('answers 408 and closes a connection whose request headers do not all arrive within the headers timeout', async () => {
    const socket = connect(Number(new URL(gw.baseUrl).port), '127.0.0.1');
    const said = untilClosed(socket);
    socket.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\nX-Slow: ');
    assert.match(await said, /^HTTP\/1\.1 408/);
  });

  it('takes every timeout from the configuration, and closes a socket silent both ways for two minutes', () => {
    const server = createHttpServer(express(), {
      ...gw.config.server,
      maxConnections: 10,
      requestTimeoutMs: 60_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 65_000,
    });
    assert.deepEqual(
      [server.requestTimeout, server.headersTimeout, server.keepAliveTimeout, server.timeout, server.maxConnections],
      [60_000, 10_000, 65_000, SOCKET_IDLE_TIMEOUT_MS, 10],
    );
    assert.equal(SOCKET_IDLE_TIMEOUT_MS, 120_000);
  });
});
