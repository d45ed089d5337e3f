import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { todaysExample, writeTodaysExample } from '../../gateway/sandbox/todays-example';
import { GatewayProcess } from '../support/gateway-process';
import { goldenNative } from '../support/mapping';
import { waitFor } from '../support/wait-for';

const ROOT = join(__dirname, '..', '..');

describe('the sandbox quick start (npm start, then its help text)', function () {
  this.timeout(60000);

  it("takes its help text's ingest example (201, with the citizen's QR) under the default 28-day retention, where the platform's own 2021 example is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quickstart-'));
    // The default retention, not the golden era's ten years that GatewayProcess starts with.
    const gateway = await GatewayProcess.start({ SANDBOX_DIR: dir, DECLARATION_RETENTION_DAYS: '28' });
    try {
      await waitFor(() => /--data @(\S+)/.test(gateway.output()), 10000, 'the help text');
      const example = readFileSync(join(ROOT, /--data @(\S+)/.exec(gateway.output())![1]!), 'utf8');
      // The help's token command, as printed: it names this sandbox's folder, whose identity provider signs.
      const [, sandboxDir, sub, scope] =
        /TOKEN=\$\(SANDBOX_DIR=(\S+) npm run -s token -- --sub (\S+) --scope "([^"]+)"\)/.exec(gateway.output()) ?? [];
      assert.equal(sandboxDir, dir, 'the token command names the sandbox folder the gateway reads');
      const token = execFileSync(process.execPath, ['--import', 'tsx', 'gateway/sandbox/token-cli.ts', '--sub', sub!, '--scope', scope!], {
        cwd: ROOT,
        env: { ...process.env, SANDBOX_DIR: sandboxDir },
        encoding: 'utf8',
      }).trim();
      const post = (body: string) =>
        fetch(`${gateway.baseUrl}/v1/sources/tokhaiyte/declarations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        });
      const taken = await post(example);
      const answer = (await taken.json()) as { citizen: { qr: string } };
      assert.equal(taken.status, 201);
      assert.ok(answer.citizen.qr.startsWith('VNHC1:'));
      // The Ministry's site holds what was declared on it: its source answers, never not-found beside the declaration.
      const scan = await fetch(`${gateway.baseUrl}/v1/verify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ qr: answer.citizen.qr }),
      });
      const { sources } = (await scan.json()) as { sources: { instance: string; outcome: string }[] };
      assert.deepEqual(
        sources.filter((source) => source.instance === 'tokhaiyte').map((source) => source.outcome),
        ['answered'],
      );
      const refused = (await (await post(JSON.stringify(goldenNative('tokhaiyte', '01')))).json()) as { errors: { code: string }[] };
      assert.deepEqual(
        refused.errors.map((error) => error.code),
        ['past-retention'],
      );
    } finally {
      await gateway.stop();
    }
  });

  it("dates the Ministry's example a minute before now, in Vietnam's time, and names it by its day", () => {
    // 29/11/2026 00:30 in Hà Nội is 28/11/2026 17:30 UTC: the day is Vietnam's.
    const example = todaysExample(new Date('2026-11-28T17:30:00Z'));
    assert.equal(example.thoi_gian_khai_bao, '29/11/2026 00:29');
    assert.equal(example.ma_to_khai, 'TK26112900012345');
    assert.equal((example.di_chuyen as { ngay_di: string }).ngay_di, '29/11/2026');
    assert.notEqual(todaysExample(new Date('2026-11-29T17:30:00Z')).ma_to_khai, example.ma_to_khai);
    assert.equal(example.ho_ten, 'Nguyễn Văn An');
  });

  it("keeps today's example when started again the same day: on Redis, the same record is replayed, not a conflict; the next day's is new", () => {
    const dir = mkdtempSync(join(tmpdir(), 'example-'));
    const { file } = writeTodaysExample(dir, new Date('2026-11-29T02:00:00Z'));
    const first = readFileSync(file, 'utf8');
    const later = writeTodaysExample(dir, new Date('2026-11-29T09:45:00Z'));
    assert.equal(readFileSync(file, 'utf8'), first, 'the same day: kept as it was');
    // The record the simulator is given is the file's, not the later start's own (another time, the same id: a conflict).
    assert.deepEqual(later.record, JSON.parse(first));
    assert.deepEqual(readdirSync(join(dir, 'examples')), ['tokhaiyte-today.json'], 'no file of a write left behind');
    writeTodaysExample(dir, new Date('2026-11-29T17:30:00Z'));
    assert.match(readFileSync(file, 'utf8'), /"ma_to_khai": "TK26113000012345"/, "the next day in Vietnam: the next day's record");
    writeFileSync(file, '{"ma_to_khai": "TK2611300001');
    writeTodaysExample(dir, new Date('2026-11-29T17:45:00Z'));
    assert.match(readFileSync(file, 'utf8'), /"ma_to_khai": "TK26113000012345"/, 'a file cut short is written anew, not a failed start');
  });

  it('refuses to start on a port in use before it writes anything: a second npm start leaves the running one alone', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const dir = mkdtempSync(join(tmpdir(), 'second-start-'));
      const second = spawnSync(process.execPath, ['--import', 'tsx', 'gateway/sandbox/sandbox-main.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), SANDBOX_DIR: dir, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(second.status, 78, second.stderr);
      assert.match(second.stderr, new RegExp(`PORT: 127\\.0\\.0\\.1:${port} is in use`));
      assert.equal(existsSync(join(dir, 'platforms.json')), false, 'no platform addresses written');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
