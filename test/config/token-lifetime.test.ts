import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../gateway/config';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';

const load = (AUTH_MAX_TOKEN_LIFETIME_SECONDS?: string) =>
  loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'lifetime-')), AUTH_MAX_TOKEN_LIFETIME_SECONDS });

describe('configuration: the longest an access token may live (AUTH_MAX_TOKEN_LIFETIME_SECONDS)', () => {
  it('is a day unless set', () => {
    assert.equal(load().auth.maxTokenLifetimeSeconds, 86400);
    assert.equal(load('900').auth.maxTokenLifetimeSeconds, 900);
  });

  it('refuses to start on a value that is not a whole number from a minute to a week, naming the variable', () => {
    for (const value of ['a day', '0', '59', '604801', '3600.5']) {
      assert.throws(
        () => load(value),
        (e: Error) => e instanceof ConfigError && e.message.startsWith('AUTH_MAX_TOKEN_LIFETIME_SECONDS: '),
        value,
      );
    }
  });

  it('bounds the token command: a --ttl beyond it is refused with the limit, not turned into a token every request refuses', function () {
    this.timeout(15000);
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'gateway/sandbox/token-cli.ts', '--sub', 'p', '--scope', 'verify', '--ttl', '7200'],
      {
        cwd: join(__dirname, '..', '..'),
        env: { PATH: process.env.PATH, SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'lifetime-')), AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' },
        encoding: 'utf8',
      },
    );
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /ttl: 1 to 3600 seconds \(AUTH_MAX_TOKEN_LIFETIME_SECONDS\)/);
  });
});
