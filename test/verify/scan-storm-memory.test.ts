import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_INSTANCES } from '../../adapters';
import { tokhaiyteSimulator } from '../../adapters/tokhaiyte/tokhaiyte-simulator';
import { signAccessToken } from '../../gateway/auth/access-tokens';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { syntheticCitizens } from '../../gateway/sandbox/synthetic-citizens';
import { GatewayProcess } from '../support/gateway-process';
import { chartMemoryMiB, peakRssWhile, pidListeningOn, SHARE_OF_LIMIT } from '../support/process-memory';

/** The storm, kept under SERVER_MAX_CONNECTIONS (2,000): a connection past it is closed at once, by design (test/http/server-limits.test.ts). */
const SCANS = 1900;
const PEOPLE = 40;

/**
 * Memory bounded by configuration, not by what callers send (issue 14): 1,900 scans at once against
 * `npm start`'s process (its simulated platforms answering), with the heap the chart gives it and
 * its default limits. It serves VERIFY_MAX_IN_FLIGHT at once and refuses what arrives past them
 * (test/verify/scan-storm.test.ts drives that refusal), so what it holds is its admission limit's
 * worth of scans, not the storm's.
 */
describe('1,900 scans at once against a gateway process', function () {
  this.timeout(90_000);
  const { limitMiB, heapMiB } = chartMemoryMiB();
  let gateway: GatewayProcess;
  let sandbox: string;

  before(async () => {
    sandbox = mkdtempSync(join(tmpdir(), 'scan-memory-'));
    gateway = await GatewayProcess.start({ SANDBOX_DIR: sandbox, NODE_OPTIONS: `--max-old-space-size=${heapMiB}` });
  });
  after(async () => {
    await gateway?.stop();
  });

  it(`keeps the process under ${SHARE_OF_LIMIT * 100}% of the chart's memory limit, answering each scan or refusing it with 503 and Retry-After`, async () => {
    const auth = loadSandboxConfig({ SANDBOX_DIR: sandbox }).auth;
    const bearer = (scope: 'declarations:write' | 'verify', subject = `checkpoint-${scope}`) => ({
      authorization: `Bearer ${signAccessToken(auth, subject, [scope])}`,
      'content-type': 'application/json',
    });
    // People the simulated platforms know (npm start's own synthetic citizens), each given a unified QR by a record of theirs.
    const tokhaiyte = DEFAULT_INSTANCES.find((i) => i.name === 'tokhaiyte')!;
    const people = syntheticCitizens()
      .filter((c) => c.platforms.includes('tokhaiyte'))
      .slice(0, PEOPLE);
    const codes = await Promise.all(
      people.map(async (person) => {
        const response = await fetch(`${gateway.baseUrl}/v1/sources/tokhaiyte/declarations`, {
          method: 'POST',
          headers: bearer('declarations:write'),
          // A record of their own (the sandbox stored theirs at start): it joins them by their CCCD and answers their QR.
          body: JSON.stringify({
            ...(tokhaiyteSimulator.recordFor(person, tokhaiyte, new Date()) as object),
            ma_to_khai: `TKSTORM${person.serial}`,
          }),
        });
        assert.ok([200, 201].includes(response.status), await response.clone().text());
        return ((await response.json()) as { citizen: { qr: string } }).citizen.qr;
      }),
    );

    const pid = pidListeningOn(gateway.port);
    const { result: answers, peakMiB } = await peakRssWhile(pid, () =>
      Promise.all(
        Array.from({ length: SCANS }, async (_, i) => {
          const response = await fetch(`${gateway.baseUrl}/v1/verify`, {
            method: 'POST',
            // From four checkpoint systems: each holds at most three quarters of the places, together all of them.
            headers: bearer('verify', `checkpoint-system-${i % 4}`),
            body: JSON.stringify({ qr: codes[i % codes.length], checkpointId: 'CHOT-79-015' }),
          });
          return {
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            body: (await response.json()) as { status: string },
          };
        }),
      ),
    );
    const served = answers.filter((a) => a.status === 200);
    // Past the process's places (503), or past a checkpoint system's share of them (429).
    const refused = answers.filter((a) => a.status === 503 || a.status === 429);
    process.stdout.write(
      `      (${JSON.stringify({ scans: SCANS, served: served.length, refused: refused.length, peakRssMiB: Math.round(peakMiB), limitMiB })})\n`,
    );

    assert.equal(served.length + refused.length, SCANS, `other statuses: ${[...new Set(answers.map((a) => a.status))]}`);
    assert.ok(
      refused.every((a) => a.retryAfter === '1'),
      'a refusal without Retry-After',
    );
    assert.equal(served.filter((a) => a.body.status === 'unknown').length, 0, 'a known citizen was answered unknown');
    assert.ok(
      peakMiB < limitMiB * SHARE_OF_LIMIT,
      `the gateway reached ${Math.round(peakMiB)} MiB, past ${SHARE_OF_LIMIT * 100}% of the chart's ${limitMiB} MiB`,
    );
  });
});
