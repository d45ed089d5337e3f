import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import express from 'express';
import { handle } from '../../gateway/http/handle';
import { jsonReply, type Reply } from '../../gateway/http/reply';
import { nextEvent } from '../support/wait-for';

const BODY = { citizenId: 'cit_KS7BGkeov9Ie4uG0eQZqNg', status: 'green', note: 'Nguyễn Văn An' };

/** Status, raw headers (Date aside) and body of one request. */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: string[]; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode as number, headers: res.rawHeaders.filter((_, i, all) => all[i - (i % 2)] !== 'Date'), body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * sendReply writes a JSON reply itself where express's send would write it as it is, and leaves the
 * rest to send: each story asks one app for the reply sent both ways and expects the same bytes.
 */
describe('a JSON reply, written by sendReply', () => {
  let port: number;
  let close: () => void;
  before(async () => {
    const app = express();
    app.set('etag', false);
    app.disable('x-powered-by');
    const routes = (path: string, reply: () => Reply) => {
      app.all(
        `/ours${path}`,
        handle(async () => reply()),
      );
      app.all(`/express${path}`, (_req, res) => {
        const r = reply();
        if (r.headers) res.set(r.headers);
        res.status(r.status).type(r.contentType).send(r.body);
      });
    };
    routes('/ok', () => jsonReply(200, BODY));
    routes('/created', () => ({ ...jsonReply(201, BODY), headers: { 'Idempotent-Replayed': 'true' } }));
    routes('/empty', () => jsonReply(204, BODY));
    const server = app.listen(0, '127.0.0.1');
    await nextEvent(server, 'listening', 5000);
    port = (server.address() as AddressInfo).port;
    close = () => server.close();
  });
  after(() => close());

  const cases: [string, string, Record<string, string>?][] = [
    ['POST', '/ok'],
    ['GET', '/ok'],
    ['POST', '/created'],
    ['HEAD', '/ok'],
    ['GET', '/ok', { 'if-none-match': '*' }],
    ['GET', '/ok', { 'if-modified-since': 'Sun, 29 Nov 2026 00:00:00 GMT' }],
    ['POST', '/empty'],
  ];
  for (const [method, path, headers] of cases)
    it(`answers ${method} ${path}${headers ? ` with ${Object.keys(headers).join(', ')}` : ''} byte for byte as express's send`, async () => {
      const [ours, theirs] = [await send(port, method, `/ours${path}`, headers), await send(port, method, `/express${path}`, headers)];
      assert.deepEqual(ours, theirs);
    });

  it('gives a plain POST its status, type, length and body', async () => {
    const answer = await send(port, 'POST', '/ours/ok');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.headers.slice(0, 4), [
      'Content-Type',
      'application/json; charset=utf-8',
      'Content-Length',
      String(Buffer.byteLength(JSON.stringify(BODY))),
    ]);
    assert.deepEqual(JSON.parse(answer.body), BODY);
  });
});
