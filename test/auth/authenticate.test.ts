import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { signAccessToken } from '../../gateway/auth/access-tokens';
import type { AuthConfig } from '../../gateway/config';
import { loadSandboxConfig } from '../../gateway/sandbox/sandbox-config';
import { authenticate } from '../../gateway/http/authenticate';
import { BadRequest, Unauthorized } from '../../gateway/http/problems';

const auth = loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'authn-')) }).auth;

/** Runs the middleware on a request with this Authorization header; gives what it passed to next. */
async function run(
  config: AuthConfig,
  authorization: string,
  clock?: () => Date,
  rawHeaders = ['Host', '127.0.0.1', 'Authorization', authorization],
): Promise<{ passed: unknown; caller: unknown }> {
  const req = {
    get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined),
    rawHeaders,
  } as unknown as Request;
  const res = { locals: {} } as Response;
  let passed: unknown = 'next not called';
  await authenticate(config, clock)(req, res, (error?: unknown) => {
    passed = error;
  });
  return { passed, caller: res.locals.caller };
}

describe('authenticate', () => {
  it("makes the token's caller the request's", async () => {
    const { passed, caller } = await run(auth, `Bearer ${signAccessToken(auth, 'partner-a', ['verify'])}`);
    assert.equal(passed, undefined);
    assert.equal((caller as { subject: string }).subject, 'partner-a');
  });

  it('refuses a request with two Authorization headers with 400, whichever one a proxy would keep', async () => {
    const token = `Bearer ${signAccessToken(auth, 'partner-a', ['verify'])}`;
    const other = `Bearer ${signAccessToken(auth, 'partner-b', ['verify'])}`;
    const { passed, caller } = await run(auth, token, undefined, ['Authorization', token, 'authorization', other]);
    assert.ok(passed instanceof BadRequest);
    assert.equal(caller, undefined);
  });

  it('turns a refused token into a 401', async () => {
    const other = loadSandboxConfig({ SANDBOX_DIR: mkdtempSync(join(tmpdir(), 'authn-')) }).auth;
    assert.ok((await run(auth, `Bearer ${signAccessToken(other, 'p', ['verify'])}`)).passed instanceof Unauthorized);
  });

  it('passes on an error of its own instead of calling it a 401', async () => {
    const defect = new TypeError('the clock could not be read');
    const broken = () => {
      throw defect;
    };
    assert.equal((await run(auth, `Bearer ${signAccessToken(auth, 'p', ['verify'])}`, broken)).passed, defect);
  });
});
