import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signAccessToken, SCOPES } from '../../gateway/auth/access-tokens';
import { createGateway, type Gateway } from '../../gateway/bootstrap';
import { GOLDEN_ERA } from '../support/golden-era';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { createLogger } from '../../gateway/logging/logger';
import { foldName } from '../../gateway/normalize/names';
import { goldenNative } from '../support/mapping';

/** Every log line the gateway writes, captured at debug level. */
class CapturedLog extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('logs', function () {
  this.timeout(20000);
  const log = new CapturedLog();
  let gateway: Gateway;
  let server: Server;
  let base: string;
  let token: string;

  before(async () => {
    const config = loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'logs-')), ...GOLDEN_ERA });
    gateway = await createGateway(config, createLogger('debug', log));
    server = await new Promise<Server>((resolve) => {
      const s = gateway.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    token = signAccessToken(config.auth, 'log-audit', SCOPES);
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await gateway.close();
  });

  const call = (method: string, path: string, body?: unknown, raw?: string, requestId = 'audit-run-1') =>
    fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': requestId },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });

  it('never contain a name, a document number or a phone, whatever went through every route', async () => {
    const records: [string, unknown][] = [
      ['tokhaiyte', goldenNative('tokhaiyte', '01')],
      ['tokhaiyte', goldenNative('tokhaiyte', '02')],
      ['ncovi', goldenNative('ncovi', '04')],
      ['zalo', goldenNative('zalo', '03')],
      ['c06', goldenNative('c06', '02')],
      ['smartcity-hanoi', goldenNative('smartcity-hanoi', '02')],
      ['bluezone', goldenNative('bluezone', '04')],
      ['tokhaiyte', { ...goldenNative('tokhaiyte', '01'), dien_thoai: '0912 345' }],
    ];
    let citizenId = '';
    let qr = '';
    for (const [instance, record] of records) {
      const answer: any = await (await call('POST', `/v1/sources/${instance}/declarations`, record)).json();
      if (answer.citizen) ({ citizenId, qr } = answer.citizen);
    }
    await call(
      'POST',
      '/v1/sources/zalo/declarations:batch',
      undefined,
      [goldenNative('zalo', '01'), '{broken Nguyễn 0912345678', goldenNative('zalo', '06')]
        .map((r) => (typeof r === 'string' ? r : JSON.stringify(r)))
        .join('\n'),
    );
    await call('POST', '/v1/sources/ncovi/declarations', undefined, '{"fullName": "Đặng Ngọc Ánh", "phone": "0935112233"');
    const created: any = await (await call('POST', '/v1/sources/ncovi/declarations', goldenNative('ncovi', '02'))).json();
    const { declarationId: _d, ...canonical } = created.declaration;
    await call('POST', '/v1/declarations', {
      ...canonical,
      source: { ...canonical.source, recordId: 'a1b2c3d4-0777-4e5f-8a9b-777777777777', receivedAt: undefined },
      subject: { ...canonical.subject, citizenId: undefined },
    });
    await call('GET', `/v1/declarations/${created.declaration.declarationId}`);
    for (const suffix of ['', '/qr', '/qr.png', '/qr.svg']) await call('GET', `/v1/citizens/${citizenId}${suffix}`);
    await call('POST', '/v1/verify', { qr });
    await call('POST', '/v1/verify', { qr: 'C06:079085001234' });
    await call('POST', '/v1/verify', { qr: 'TKYT:TK21081500012345' });
    // A checkpoint system sending the number it scanned as its checkpoint id, and as its request id.
    assert.equal((await call('POST', '/v1/verify', { qr, checkpointId: '0911-222-333' })).status, 200);
    await call('POST', '/v1/verify', { qr }, undefined, '001070001111');
    await call('POST', `/v1/citizens/${citizenId}/qr/revoke`);
    await call('GET', '/v1/adapters');
    await call('GET', '/metrics');

    assert.ok(log.text.includes('audit-run-1'), 'the request id is in the log lines');
    const personal = [
      'Nguyễn Văn An',
      'NGUYỄN VĂN AN',
      'Nguyễn Văn An'.normalize('NFD'),
      foldName('Nguyễn Văn An'),
      'NGUYEN VAN AN',
      'Lê Thị Chi',
      'Đặng Ngọc Ánh',
      'Ngô Thị Lan',
      'Hoàng Thị Hương',
      'HOÀNG THỊ HƯƠNG',
      '079085001234',
      '001192004567',
      '048303001122',
      '030165007788',
      '074178009876',
      '+84912345678',
      '0912345678',
      '0912 345 678',
      '912345678',
      '+84362345678',
      '0935112233',
      '977888999',
      'Nguyễn Văn Hùng',
      '001070001111',
      '0911222333',
      '0911-222-333',
    ];
    const found = personal.filter((value) => log.text.includes(value));
    assert.deepEqual(found, [], `personal data in the logs: ${found.join(', ')}`);
  });

  it('give every request one line with its id, method, route template, status, duration and caller (the token subject)', async () => {
    await (await call('POST', '/v1/verify', { qr: 'TKYT:TK99999999999999' }, undefined, 'one-line-check')).text();
    const lines = log.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const request = lines.find((l) => l.msg === 'request' && l.requestId === 'one-line-check');
    assert.deepEqual(
      Object.keys(request)
        .filter((k) => !['level', 'time', 'service', 'msg'].includes(k))
        .sort(),
      ['caller', 'method', 'ms', 'requestId', 'route', 'status'],
    );
    assert.deepEqual([request.method, request.route, request.caller], ['POST', '/v1/verify', 'log-audit']);
  });
});
