import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';

/**
 * The checkpoint policy's windows count what the gateway keeps: a window longer than its data's
 * retention turned a close contact green on the day their stay was deleted, a week before the
 * window ended. Such a configuration stops the start, naming both variables.
 */
describe("the policy's windows within the retention of what they count", () => {
  const load = (env: NodeJS.ProcessEnv) => loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'windows-')), ...env });

  it('refuses a risk window longer than the stays are kept, and one longer than the declarations are', () => {
    assert.throws(() => load({ VERIFY_RISK_WINDOW_DAYS: '25' }), /VERIFY_RISK_WINDOW_DAYS: longer than CHECKIN_RETENTION_DAYS \(21 days\)/);
    assert.throws(
      () => load({ VERIFY_RISK_WINDOW_DAYS: '30', CHECKIN_RETENTION_DAYS: '30' }),
      /VERIFY_RISK_WINDOW_DAYS: longer than DECLARATION_RETENTION_DAYS \(28 days\)/,
    );
    assert.equal(
      load({ VERIFY_RISK_WINDOW_DAYS: '30', CHECKIN_RETENTION_DAYS: '30', DECLARATION_RETENTION_DAYS: '30' }).verify.policy.riskWindowDays,
      30,
    );
  });

  it('refuses a symptom window or a refusal window longer than the declarations are kept', () => {
    assert.throws(() => load({ VERIFY_SYMPTOM_WINDOW_DAYS: '29' }), /VERIFY_SYMPTOM_WINDOW_DAYS: longer than DECLARATION_RETENTION_DAYS/);
    assert.throws(
      () => load({ VERIFY_REFUSAL_WINDOW_HOURS: '700' }),
      /VERIFY_REFUSAL_WINDOW_HOURS: longer than DECLARATION_RETENTION_DAYS/,
    );
    assert.equal(load({ VERIFY_REFUSAL_WINDOW_HOURS: '672' }).verify.policy.refusalWindowHours, 672);
  });

  it('takes the defaults: every window 14 days or a day, every retention 21 days or more', () => {
    assert.deepEqual(load({}).verify.policy, { riskWindowDays: 14, symptomWindowDays: 14, refusalWindowHours: 24, freshDays: 7 });
  });
});
