import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { formatIct } from '../../gateway/normalize/dates';
import { TestGateway } from '../support/test-gateway';
import { goldenNative } from '../support/mapping';

describe("the clock skew a record's time may have (MAPPING_FUTURE_SKEW_MS)", () => {
  const sandbox = () => mkdtempSync(join(tmpdir(), 'skew-'));

  it('is 5 minutes unless configured, and a bad value stops the start naming the variable', () => {
    assert.equal(loadSandboxConfig({ SANDBOX_DIR: sandbox() }).mappingFutureSkewMs, 300_000);
    assert.throws(() => loadSandboxConfig({ SANDBOX_DIR: sandbox(), MAPPING_FUTURE_SKEW_MS: 'năm phút' }), /MAPPING_FUTURE_SKEW_MS/);
  });

  it("reaches the gateway's mappings: a declaration 10 minutes ahead is refused at 5 minutes and taken at 15", async () => {
    const ahead = formatIct(new Date(Date.now() + 10 * 60_000));
    const record = { ...goldenNative('c06', '01'), maKhaiBao: 'C06-79-20211129-000101', thoiGian: ahead };
    for (const [skew, status] of [
      ['300000', 422],
      ['900000', 201],
    ] as const) {
      const gw = await TestGateway.start({ MAPPING_FUTURE_SKEW_MS: skew });
      try {
        const res = await gw.call('POST', '/v1/sources/c06/declarations', { body: record, route: '/v1/sources/{instance}/declarations' });
        assert.equal(res.status, status, `skew ${skew}: ${res.text}`);
      } finally {
        await gw.stop();
      }
    }
  });
});
