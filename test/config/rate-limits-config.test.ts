import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, rateLimitConfig } from '../../gateway/config';
import { DEFAULT_RATE_POLICIES, policyFor } from '../../gateway/limits/rate-classes';

function fileWith(content: string, name = 'rate-limits.json'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rate-limits-config-')), name);
  writeFileSync(file, content);
  return file;
}

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    rateLimitConfig(env, true);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

describe('rate-limit configuration', () => {
  it('is on in production with the defaults, off outside it unless a limit is configured or RATE_LIMITS=on', () => {
    assert.deepEqual(rateLimitConfig({}, true)?.defaults, DEFAULT_RATE_POLICIES);
    assert.equal(rateLimitConfig({}, false), undefined);
    assert.equal(rateLimitConfig({ RATE_LIMITS: 'off' }, true), undefined);
    assert.ok(rateLimitConfig({ RATE_LIMITS: 'on' }, false));
    assert.deepEqual(rateLimitConfig({ RATE_LIMIT_SCAN_BURST: '400' }, false)?.defaults.scan, { perSecond: 100, burst: 400 });
  });

  it("reads callers' own allowances from a JSON or YAML file, by subject compared as the four-eyes rule does", () => {
    const json = fileWith(JSON.stringify({ 'Chốt-Cửa-Khẩu-Hữu-Nghị': { scan: { perSecond: 300, burst: 600 } } }));
    const yaml = fileWith(
      'bluezone-partner:\n  ingest: { perSecond: 20, burst: 40 }\n  batch: { perSecond: 0.05, burst: 1 }\n',
      'limits.yaml',
    );
    const fromJson = rateLimitConfig({ RATE_LIMITS_FILE: json }, true)!;
    assert.deepEqual(policyFor(fromJson, 'chốt-cửa-khẩu-hữu-nghị', 'scan'), { perSecond: 300, burst: 600 });
    assert.deepEqual(policyFor(fromJson, 'chốt-cửa-khẩu-hữu-nghị', 'read'), DEFAULT_RATE_POLICIES.read);
    const fromYaml = rateLimitConfig({ RATE_LIMITS_FILE: yaml }, false)!;
    assert.deepEqual(policyFor(fromYaml, 'bluezone-partner', 'batch'), { perSecond: 0.05, burst: 1 });
  });

  it('refuses to start with a bad file or value, naming the variable and the place in the file', () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ RATE_LIMITS_FILE: '/nonexistent/rate-limits.json' }, /^RATE_LIMITS_FILE: cannot read/],
      [{ RATE_LIMITS_FILE: fileWith('{"a": ') }, /^RATE_LIMITS_FILE: cannot read .* as JSON or YAML/],
      [{ RATE_LIMITS_FILE: fileWith('[]') }, /^RATE_LIMITS_FILE: \/: not an object of token subjects/],
      [{ RATE_LIMITS_FILE: fileWith('{"p": {"scans": {"perSecond": 1, "burst": 1}}}') }, /\/p\/scans: not a class of route/],
      [{ RATE_LIMITS_FILE: fileWith('{"p": {"scan": {"perSecond": 0, "burst": 1}}}') }, /\/p\/scan\/perSecond: not a number/],
      [{ RATE_LIMITS_FILE: fileWith('{"p": {"scan": {"perSecond": 1, "burst": 1.5}}}') }, /\/p\/scan\/burst: not a whole number/],
      [{ RATE_LIMITS_FILE: fileWith('{"p": {"scan": {"perSecond": 1, "burst": 1, "window": 60}}}') }, /\/p\/scan\/window: not a field/],
      [{ RATE_LIMITS_FILE: fileWith('{"P": {}, "p": {}}') }, /\/p: the same subject as another line/],
      [{ RATE_LIMIT_SCAN_PER_SECOND: 'lots' }, /^RATE_LIMIT_SCAN_PER_SECOND: "lots" is not a number/],
      [{ RATE_LIMIT_BATCH_BURST: '0' }, /^RATE_LIMIT_BATCH_BURST: "0" is not a whole number/],
      [{ RATE_LIMITS: 'yes' }, /^RATE_LIMITS: "yes" is neither on nor off/],
    ];
    for (const [env, expected] of cases) assert.match(refusal(env), expected);
  });
});
