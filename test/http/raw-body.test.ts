import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import express, { type ErrorRequestHandler } from 'express';
import { rawBody } from '../../gateway/http/body';
import { problemHandler } from '../../gateway/http/error-handler';
import { BadRequest } from '../../gateway/http/problems';
import { createLogger } from '../../gateway/logging/logger';
import { waitFor } from '../support/wait-for';

/**
 * The body, as the bytes sent: a body of a declared length is read by the gateway itself, any other
 * by express.raw, and both give a route the same bytes and a client the same refusals.
 */
describe('the raw body of a request', () => {
  // "Hà Nội" decomposed (NFD): a letter's marks are separate code points, several bytes each.
  const vietnamese = Buffer.from(JSON.stringify({ qr: 'VN-QR', fullName: 'Nguyễn Thị Hà Nội'.normalize('NFD') }));
  const failures: unknown[] = [];
  let server: Server;
  let port: number;

  before(async () => {
    const problems = problemHandler(createLogger('silent'));
    const failed: ErrorRequestHandler = (error, req, res, next) => {
      failures.push(error);
      problems(error, req, res, next);
    };
    const app = express()
      .post('/echo', rawBody('1kb'), (req, res) => {
        res.json({ hex: Buffer.isBuffer(req.body) ? req.body.toString('hex') : 'not a buffer' });
      })
      .use(failed);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    failures.length = 0;
  });

  const post = async (body: Buffer, headers: Record<string, string> = {}) => {
    const res = await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', body, headers });
    return { status: res.status, body: (await res.json()) as { hex?: string } };
  };

  it('gives the route the bytes of a body of a declared length as sent, however they arrive', async () => {
    const socket = connect(port, '127.0.0.1');
    const said: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => said.push(chunk));
    socket.write(`POST /echo HTTP/1.1\r\nHost: gateway\r\nContent-Length: ${vietnamese.length}\r\nConnection: close\r\n\r\n`);
    // Cut in the middle of a combining mark's bytes, each piece sent when the last has been read.
    for (const piece of [vietnamese.subarray(0, 20), vietnamese.subarray(20, 41), vietnamese.subarray(41)]) {
      await new Promise<void>((resolve) => socket.write(piece, () => resolve()));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => socket.once('close', resolve));
    const answer = Buffer.concat(said).toString();
    assert.match(answer, /^HTTP\/1\.1 200/);
    assert.equal((JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { hex: string }).hex, vietnamese.toString('hex'));
  });

  it('gives an empty body as no bytes', async () => {
    assert.deepEqual(await post(Buffer.alloc(0)), { status: 200, body: { hex: '' } });
  });

  it('reads a compressed body as express.raw does, decompressed', async () => {
    assert.deepEqual(await post(gzipSync(vietnamese), { 'Content-Encoding': 'gzip' }), {
      status: 200,
      body: { hex: vietnamese.toString('hex') },
    });
  });

  it('refuses a body declared past the limit with 413, and one cut short of its length with 400', async () => {
    const tooLarge = await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', body: Buffer.alloc(1025, 0x20) });
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const socket = connect(port, '127.0.0.1');
    socket.write(`POST /echo HTTP/1.1\r\nHost: gateway\r\nContent-Length: 100\r\n\r\n{"qr":"VN`, () => socket.destroy());
    await waitFor(() => failures.length === 2, 5000, 'the cut body to be refused');
    assert.ok(failures[1] instanceof BadRequest, "the cut body is the client's 400");
  });
});
