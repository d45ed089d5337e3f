import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signAccessToken } from '../../gateway/auth/access-tokens';
import { MAX_BATCH_RECORDS } from '../../gateway/http/batch-ingest';
import { DEFAULT_BATCH_LIMITS } from '../../gateway/http/routes/ingest-routes';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { GatewayProcess } from '../support/gateway-process';
import { goldenNative } from '../support/mapping';
import { chartMemoryMiB, peakRssWhile, pidListeningOn, SHARE_OF_LIMIT } from '../support/process-memory';
import { requireRedis, SHARED_REDIS_URL } from '../support/redis';

const CALLERS = 3;
const BATCHES_PER_CALLER = 2;

let serial = 0;
/**
 * A 10,000-record tokhaiyte batch of about 28 MiB: each record padded with a note the mapping ignores,
 * so that a gateway holding whole batches would hold that many times over; one in twenty are new
 * people (mapped, joined, given a QR, stored), the rest refused for a date that does not exist
 * (cheap, and answered through the same window), which keeps the storm within seconds on two busy cores.
 */
function batchBody(): string {
  const base = goldenNative('tokhaiyte', '01');
  const note = JSON.stringify('ễ'.repeat(700));
  const lines: string[] = [];
  for (let i = 0; i < MAX_BATCH_RECORDS; i += 1) {
    serial += 1;
    const n = String(serial).padStart(6, '0');
    const record = { ...base, ma_to_khai: `TK2108${String(serial).padStart(10, '0')}`, so_giay_to: `079085${n}`, dien_thoai: `0912${n}` };
    const text = JSON.stringify(i % 20 === 0 ? record : { ...record, thoi_gian_khai_bao: '31/02/2021 07:45' });
    lines.push(`${text.slice(0, -1)},"ghi_chu":${note}}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Memory bounded by configuration, not by what callers send (issue 14): a storm of 10,000-record
 * batches, more than the process admits, from several callers, against a real gateway process on
 * Redis, while its RSS is read from /proc. The gateway's heap is the one the chart gives it
 * (NODE_OPTIONS=--max-old-space-size from gateway.maxOldSpaceMiB); on this machine Node would size
 * it from all its memory and let garbage grow unchecked.
 */
describe('a storm of 10,000-record batches against a gateway process', function () {
  this.timeout(90_000);
  const { limitMiB, heapMiB } = chartMemoryMiB();
  let gateway: GatewayProcess;
  let sandbox: string;

  before(async function () {
    await requireRedis(this);
    sandbox = mkdtempSync(join(tmpdir(), 'batch-memory-'));
    gateway = await GatewayProcess.start({
      SANDBOX_DIR: sandbox,
      SANDBOX_PLATFORMS: 'off',
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: `test:${randomBytes(6).toString('hex')}:`,
      NODE_OPTIONS: `--max-old-space-size=${heapMiB}`,
    });
  });
  after(async () => {
    await gateway?.stop();
  });

  it(`keeps the process under ${SHARE_OF_LIMIT * 100}% of the chart's memory limit, answers every line of each batch it admits and refuses the rest with 503 or 429`, async () => {
    const auth = loadSandboxConfig({ SANDBOX_DIR: sandbox }).auth;
    const bodies = Array.from({ length: CALLERS * BATCHES_PER_CALLER }, batchBody);
    const pid = pidListeningOn(gateway.port);
    const { result: answers, peakMiB: peak } = await peakRssWhile(pid, () =>
      Promise.all(
        bodies.map(async (body, i) => {
          const response = await fetch(`${gateway.baseUrl}/v1/sources/tokhaiyte/declarations:batch`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${signAccessToken(auth, `partner-${i % CALLERS}`, ['declarations:write'])}`,
              'content-type': 'application/x-ndjson',
            },
            body,
          });
          return {
            status: response.status,
            type: response.headers.get('content-type') ?? '',
            retryAfter: response.headers.get('retry-after'),
            text: await response.text(),
          };
        }),
      ),
    );
    process.stdout.write(
      `      (${JSON.stringify({ statuses: answers.map((a) => a.status), peakRssMiB: Math.round(peak), limitMiB, batchMiB: Math.round(Buffer.byteLength(bodies[0]!) / 2 ** 20) })})\n`,
    );

    const admitted = answers.filter((a) => a.status === 200);
    const { maxInFlight } = DEFAULT_BATCH_LIMITS;
    assert.ok(
      admitted.length >= 1 && admitted.length <= maxInFlight,
      `${admitted.length} batches admitted, at most ${maxInFlight} run at once`,
    );
    for (const answer of admitted) {
      const out = answer.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.equal(out.length, MAX_BATCH_RECORDS + 1);
      assert.ok(
        out.slice(0, -1).every((o, i) => o.line === i + 1),
        'a line missing or out of order',
      );
      assert.deepEqual(out.at(-1), { summary: { records: 10_000, created: 500, replayed: 0, refused: 9_500, conflict: 0, failed: 0 } });
    }
    for (const refused of answers.filter((a) => a.status !== 200)) {
      const problem = JSON.parse(refused.text);
      assert.ok([503, 429].includes(refused.status), `a batch answered ${refused.status}: ${refused.text.slice(0, 200)}`);
      // When a place should free: a whole number of seconds from 1 to 60 (admission.ts, how long places have been held).
      assert.deepEqual(
        [refused.type.startsWith('application/problem+json'), /^([1-9]|[1-5][0-9]|60)$/.test(refused.retryAfter ?? ''), problem.status],
        [true, true, refused.status],
        `Retry-After: ${refused.retryAfter}`,
      );
    }
    assert.ok(
      peak < limitMiB * SHARE_OF_LIMIT,
      `the gateway reached ${Math.round(peak)} MiB, past ${SHARE_OF_LIMIT * 100}% of the chart's ${limitMiB} MiB`,
    );
  });
});
