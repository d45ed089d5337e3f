import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';

describe("one caller's share of a process's scan places (VERIFY_MAX_IN_FLIGHT_PER_CALLER)", () => {
  const load = (env: NodeJS.ProcessEnv) => loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'scan-places-')), ...env }).verify;

  it('is VERIFY_MAX_IN_FLIGHT less a quarter kept for other callers unless configured, at least one, and never more than the process has', () => {
    assert.deepEqual([load({}).maxInFlight, load({}).maxInFlightPerCaller], [64, 48]);
    assert.equal(load({ VERIFY_MAX_IN_FLIGHT: '5' }).maxInFlightPerCaller, 3);
    assert.equal(load({ VERIFY_MAX_IN_FLIGHT: '2' }).maxInFlightPerCaller, 1);
    assert.equal(load({ VERIFY_MAX_IN_FLIGHT: '1' }).maxInFlightPerCaller, 1);
    assert.equal(load({ VERIFY_MAX_IN_FLIGHT_PER_CALLER: '48' }).maxInFlightPerCaller, 48);
    assert.throws(() => load({ VERIFY_MAX_IN_FLIGHT: '8', VERIFY_MAX_IN_FLIGHT_PER_CALLER: '9' }), /VERIFY_MAX_IN_FLIGHT_PER_CALLER/);
  });
});
