import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { createGateway, type Gateway } from '../../gateway/bootstrap';
import { loadConfig, type GatewayConfig } from '../../gateway/config';
import { createLogger } from '../../gateway/logging/logger';
import { writeQrKey } from '../../gateway/sandbox/sandbox-secrets';
import { waitFor } from '../support/wait-for';
import { idpKey, idpToken, JwksServer, writeIdentityProviderJwks, type IdpKey } from './identity-provider-fixture';

/** Every line the gateway logs. */
class CapturedLog extends Writable {
  lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().trim().split('\n')) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

/**
 * A gateway as production runs it, on loopback: the identity provider's keys only (no shared
 * secret), the memory store. It answers a declaration read with 404 for an accepted token.
 */
class IdpGateway {
  private constructor(
    readonly config: GatewayConfig,
    readonly log: CapturedLog,
    private readonly gateway: Gateway,
    private readonly server: Server,
  ) {}

  static async start(env: NodeJS.ProcessEnv): Promise<IdpGateway> {
    const dir = mkdtempSync(join(tmpdir(), 'idp-gateway-'));
    writeQrKey(dir, 'qr-2026-11');
    const config = loadConfig({ QR_KEYS_DIR: dir, QR_ACTIVE_KID: 'qr-2026-11', ...env });
    const log = new CapturedLog();
    const gateway = await createGateway(config, createLogger('info', log));
    const server = await new Promise<Server>((resolve) => {
      const s = gateway.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    return new IdpGateway(config, log, gateway, server);
  }

  token(key: IdpKey, subject = 'cdc-hanoi-minh'): string {
    return idpToken(this.config.auth, key, subject, ['declarations:read']);
  }

  /** A declaration read with this bearer token: 404 (no such declaration) when the token is accepted. */
  async read(token: string): Promise<Response> {
    const port = (this.server.address() as AddressInfo).port;
    return fetch(`http://127.0.0.1:${port}/v1/declarations/dcl_0000000000000000000000000z`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': randomUUID() },
    });
  }

  /** `/readyz`'s status and body. */
  async readiness(): Promise<{ status: number; body: { status: string; reason?: string } }> {
    const port = (this.server.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
  }

  async status(token: string): Promise<number> {
    const res = await this.read(token);
    await res.arrayBuffer();
    return res.status;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await this.gateway.close();
  }
}

const COOLDOWN_MS = 1000;

/**
 * One story against an identity provider's JWKS endpoint publishing `keys` (`down` from the start
 * when asked) and a gateway reading it with `env` besides AUTH_JWKS_URL; both stopped after it.
 */
async function withIdentityProvider(
  keys: IdpKey[],
  { down = false, env = {} }: { down?: boolean; env?: NodeJS.ProcessEnv },
  story: (gw: IdpGateway, jwks: JwksServer) => Promise<void>,
): Promise<void> {
  const jwks = new JwksServer(keys);
  await jwks.start();
  jwks.down = down;
  const gw = await IdpGateway.start({ AUTH_JWKS_URL: jwks.url, ...env }).catch(async (error: unknown) => {
    await jwks.stop();
    throw error;
  });
  try {
    await story(gw, jwks);
  } finally {
    await gw.stop();
    await jwks.stop();
  }
}

describe("access tokens from the operator's identity provider (AUTH_JWKS_URL, AUTH_JWKS_FILE)", function () {
  this.timeout(20000);

  describe('a JWKS fetched from a URL', () => {
    const es = idpKey('ES256', 'moh-es-2026-11');
    const rs = idpKey('RS256', 'moh-rs-2026-11');
    const jwks = new JwksServer([es, rs]);
    let gw: IdpGateway;

    before(async () => {
      await jwks.start();
      gw = await IdpGateway.start({ AUTH_JWKS_URL: jwks.url, AUTH_JWKS_COOLDOWN_MS: String(COOLDOWN_MS) });
    });
    after(async () => {
      await gw.stop();
      await jwks.stop();
    });

    it("accepts ES256 and RS256 tokens by their kid, fetching the JWKS once, and names the caller in the request's log line", async () => {
      assert.equal(await gw.status(gw.token(es, 'cdc-hanoi-minh')), 404);
      assert.equal(await gw.status(gw.token(rs, 'tokhaiyte-partner')), 404);
      for (let i = 0; i < 20; i += 1) assert.equal(await gw.status(gw.token(es)), 404);
      assert.equal(jwks.hits, 1, 'one fetch, then the cache');
      const callers = gw.log.lines.filter((l) => l.msg === 'request').map((l) => l.caller);
      assert.deepEqual(callers.slice(0, 2), ['cdc-hanoi-minh', 'tokhaiyte-partner']);
    });

    it('refuses a token signed by a key the JWKS does not hold, under a known kid or its own, and one that names no kid', async () => {
      const stranger = idpKey('ES256', 'moh-es-2026-11');
      const unknown = idpKey('ES256', 'stolen-2026-11');
      const noKid = await new SignJWT({ scope: 'declarations:read' })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(gw.config.auth.issuer)
        .setAudience(gw.config.auth.audience)
        .setSubject('p')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(es.privateKey);
      for (const token of [gw.token(stranger), gw.token(unknown), noKid]) assert.equal(await gw.status(token), 401);
    });

    it('refuses algorithm confusion: HS256 keyed with the public key, alg none, and a key of the other type under a kid', async () => {
      const publicPem = createPublicKey(es.privateKey).export({ type: 'spki', format: 'pem' }) as string;
      const hmacWith = (secret: string) =>
        new SignJWT({ scope: 'declarations:read' })
          .setProtectedHeader({ alg: 'HS256', kid: es.kid })
          .setIssuer(gw.config.auth.issuer)
          .setAudience(gw.config.auth.audience)
          .setSubject('p')
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(Buffer.from(secret));
      const claims = Buffer.from(JSON.stringify({ sub: 'p', scope: 'declarations:read', iat: 1, exp: 4102444800 })).toString('base64url');
      const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${claims}`;
      // An RS256 token whose kid names the EC key, and an ES256 token whose kid names the RSA key.
      const rsUnderEcKid = gw.token({ ...rs, kid: es.kid });
      const esUnderRsKid = gw.token({ ...es, kid: rs.kid });
      for (const token of [
        await hmacWith(publicPem),
        await hmacWith(JSON.stringify(es.publicJwk)),
        `${none}.`,
        `${none}.c2lnbmF0dXJl`,
        rsUnderEcKid,
        esUnderRsKid,
      ])
        assert.equal(await gw.status(token), 401, token);
    });

    it('refuses a malformed token with a 401, never a 500: a payload that is not JSON, an ES256 signature of another length', async () => {
      const good = gw.token(es);
      const [header, payload] = good.split('.');
      const derSignature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: es.privateKey, dsaEncoding: 'der' }).toString(
        'base64url',
      );
      const notJson = Buffer.from('{x').toString('base64url');
      const jwtHeader = (alg: string) => Buffer.from(JSON.stringify({ alg, typ: 'JWT', kid: es.kid })).toString('base64url');
      for (const token of [
        `${jwtHeader('HS256')}.${notJson}.AAAA`,
        `${jwtHeader('ES256')}.${notJson}.AAAA`,
        `${notJson}.${payload}.AAAA`,
        `${header}.${payload}.AAAA`,
        `${header}.${payload}.${derSignature}`,
        `${header}.${payload}.${good.slice(good.lastIndexOf('.') + 1, -2)}`,
      ])
        assert.equal(await gw.status(token), 401, token);
      assert.equal(await gw.status(good), 404, 'the same token, well formed, passes');
    });

    it('finds a rotated key with one fetch', async () => {
      const next = idpKey('ES256', 'moh-es-2026-12');
      jwks.keys = [es, rs, next];
      const before = jwks.hits;
      // Within the cooldown of the last fetch the new kid is refused without a fetch; then one fetch finds it.
      await waitFor(async () => (await gw.status(gw.token(next))) === 404, 10_000, 'the rotated key to be accepted');
      assert.equal(jwks.hits - before, 1, 'one fetch for the rotation');
    });
  });

  describe('a flood of made-up kids', () => {
    it('costs no fetch within the cooldown of the last one (an hour here: longer than any test may run)', async () => {
      const es = idpKey('ES256', 'moh-es-2026-11');
      await withIdentityProvider([es], { env: { AUTH_JWKS_COOLDOWN_MS: '3600000' } }, async (gw, jwks) => {
        assert.equal(await gw.status(gw.token(es)), 404, 'the set read');
        const read = jwks.hits;
        const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) => gw.status(gw.token(idpKey('ES256', `made-up-${i}`)))));
        assert.deepEqual(new Set(statuses), new Set([401]));
        assert.equal(jwks.hits, read, 'no fetch: the cooldown of the last one has not ended');
        assert.equal(await gw.status(gw.token(es)), 404, 'the known keys still verify');
      });
    });
  });

  describe('a JWKS that cannot be fetched', () => {
    const es = idpKey('ES256', 'moh-es-2026-11');

    it('answers 503 problem+json with Retry-After, not 401 (the token may be good), fetching again only after the cooldown, and a malformed token 401 without a fetch', async () => {
      await withIdentityProvider([es], { down: true, env: { AUTH_JWKS_COOLDOWN_MS: String(COOLDOWN_MS) } }, async (gw, jwks) => {
        const res = await gw.read(gw.token(es));
        assert.equal(res.status, 503);
        assert.equal(res.headers.get('retry-after'), '1');
        assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
        assert.match(((await res.json()) as { detail: string }).detail, /identity provider's keys cannot be read/);
        // How many fetches a failure costs is counted on an injected clock (identity-provider-keys.test.ts).
        for (let i = 0; i < 20; i += 1) assert.equal(await gw.status(gw.token(es)), 503);
        const fetched = jwks.hits;
        assert.equal(await gw.status('eyJub3QiOiJqc29uIn0.eyJzdWIiOiJwIn0.c2ln'), 401);
        assert.equal(await gw.status(`${gw.token(es)}x`.replace(/\.[^.]*$/, '.!')), 401);
        assert.equal(jwks.hits, fetched, 'a malformed token reads no key');
        // Back up, the token passes once the cooldown has passed.
        jwks.down = false;
        await waitFor(async () => (await gw.status(gw.token(es))) === 404, 10_000, 'the JWKS to be fetched again');
      });
    });

    it('answers Retry-After as the seconds left until the next fetch, not a fixed second', async () => {
      await withIdentityProvider([es], { down: true, env: { AUTH_JWKS_COOLDOWN_MS: '60000' } }, async (gw) => {
        const res = await gw.read(gw.token(es));
        assert.equal(res.status, 503);
        // The failed fetch was at most this test's timeout (20 s) ago: between 40 and 60 seconds are left.
        const retryAfter = Number(res.headers.get('retry-after'));
        assert.ok(retryAfter >= 40 && retryAfter <= 60, `Retry-After: ${retryAfter}`);
      });
    });

    it("is not ready until the identity provider's keys are read once: /readyz 503 starting with the reason, then 200", async () => {
      await withIdentityProvider([es], { down: true, env: { AUTH_JWKS_COOLDOWN_MS: String(COOLDOWN_MS) } }, async (gw, jwks) => {
        // The gateway tried the JWKS once before it listened (createGateway awaits that first attempt).
        const starting = await gw.readiness();
        assert.equal(starting.status, 503);
        assert.equal(starting.body.status, 'starting');
        assert.match(starting.body.reason ?? '', /identity provider's keys have not been read/);
        jwks.down = false;
        await waitFor(async () => (await gw.readiness()).status === 200, 10_000, 'readiness once the JWKS answers');
        assert.equal((await gw.readiness()).body.status, 'ready');
        assert.equal(await gw.status(gw.token(es)), 404);
      });
    });

    it('keeps verifying with the last keys read when a refresh fails, and answers 503 for a kid they do not hold', async () => {
      const jwks = new JwksServer([es]);
      await jwks.start();
      const gw = await IdpGateway.start({
        AUTH_JWKS_URL: jwks.url,
        AUTH_JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
        AUTH_JWKS_CACHE_MAX_AGE_MS: '1000',
      });
      try {
        assert.equal(await gw.status(gw.token(es)), 404);
        jwks.down = true;
        const statuses: number[] = [];
        // Once the keys are older than their max age the gateway fetches them again, and fails.
        await waitFor(
          async () => {
            statuses.push(await gw.status(gw.token(es)));
            return jwks.hits > 1;
          },
          10_000,
          'a refresh of the keys',
        );
        statuses.push(await gw.status(gw.token(es)));
        assert.deepEqual(new Set(statuses), new Set([404]), 'every token of a known key accepted');
        assert.equal(await gw.status(gw.token(idpKey('ES256', 'moh-es-2026-12'))), 503);
      } finally {
        await gw.stop();
        await jwks.stop();
      }
    });

    it('aborts a fetch that does not answer within AUTH_JWKS_TIMEOUT_MS: a 503, and the JWKS server sees its connection closed', async () => {
      const jwks = new JwksServer([es]);
      await jwks.start();
      jwks.hanging = true;
      const gw = await IdpGateway.start({ AUTH_JWKS_URL: jwks.url, AUTH_JWKS_TIMEOUT_MS: '300' });
      try {
        assert.equal(await gw.status(gw.token(es)), 503);
        await waitFor(() => jwks.closedUnanswered === 1, 5000, 'the JWKS request to be closed by the gateway');
      } finally {
        await gw.stop();
        await jwks.stop();
      }
    });
  });

  describe('a JWKS file (AUTH_JWKS_FILE)', () => {
    it('verifies with the keys it holds, and finds a key added to the file after the cooldown', async () => {
      const es = idpKey('ES256', 'moh-es-2026-11');
      const dir = mkdtempSync(join(tmpdir(), 'idp-file-'));
      const gw = await IdpGateway.start({
        AUTH_JWKS_FILE: writeIdentityProviderJwks(dir, [es]),
        AUTH_JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
      });
      try {
        assert.equal(await gw.status(gw.token(es)), 404);
        assert.equal(await gw.status(gw.token(idpKey('ES256', 'moh-es-2026-11'))), 401, 'another key under its kid');
        const next = idpKey('RS256', 'moh-rs-2026-12');
        writeIdentityProviderJwks(dir, [es, next]);
        await waitFor(async () => (await gw.status(gw.token(next))) === 404, 10_000, 'the key added to the file');
      } finally {
        await gw.stop();
      }
    });

    it('refuses an RS256 token whose key has fewer than 2048 bits, though the file publishes it', async () => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'moh-rs-1024' };
      const gw = await IdpGateway.start({
        AUTH_JWKS_FILE: writeIdentityProviderJwks(mkdtempSync(join(tmpdir(), 'idp-weak-')), [{ publicJwk: jwk } as IdpKey]),
      });
      // Signed by hand: the JOSE libraries refuse to sign with such a key.
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        sub: 'p',
        scope: 'declarations:read',
        iss: gw.config.auth.issuer,
        aud: gw.config.auth.audience,
        iat: now,
        exp: now + 600,
      };
      const input = `${part({ alg: 'RS256', kid: 'moh-rs-1024' })}.${part(claims)}`;
      const weak = `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
      try {
        assert.equal(await gw.status(weak), 401);
      } finally {
        await gw.stop();
      }
    });
  });
});
