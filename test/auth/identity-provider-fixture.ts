import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { issueAccessToken } from '../../gateway/auth/access-tokens';
import type { AuthConfig } from '../../gateway/config';

/** One key of an identity provider: what it signs with, and what it publishes in its JWKS. */
export interface IdpKey {
  kid: string;
  alg: 'ES256' | 'RS256';
  privateKey: KeyObject;
  publicJwk: JWK;
}

/** A fresh key pair for `alg`, published under `kid` (with `alg` and `use` as IdPs publish them). */
export function idpKey(alg: 'ES256' | 'RS256', kid: string): IdpKey {
  const { privateKey, publicKey } =
    alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, alg, privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } };
}

export function jwksOf(keys: readonly IdpKey[]): { keys: JWK[] } {
  return { keys: keys.map((k) => k.publicJwk) };
}

/** Writes `jwks.json` in `dir` for AUTH_JWKS_FILE; its path. */
export function writeIdentityProviderJwks(dir: string, keys: readonly IdpKey[] = [idpKey('ES256', 'moh-idp-2026-11')]): string {
  const file = join(dir, 'jwks.json');
  writeFileSync(file, JSON.stringify(jwksOf(keys)));
  return file;
}

/** A token the identity provider issues with `key`, for the gateway's issuer and audience. */
export function idpToken(auth: AuthConfig, key: IdpKey, subject: string, scopes: readonly string[]): string {
  return issueAccessToken(auth, { key: key.privateKey, algorithm: key.alg, kid: key.kid }, subject, scopes, 600);
}

/**
 * An identity provider's JWKS endpoint on loopback that counts the requests it gets (`hits`): it
 * publishes `keys` (change them to rotate), drops each request unanswered when `down`, and never answers when `hanging`
 * (`closedUnanswered` counts the requests whose caller gave up and closed the connection).
 */
export class JwksServer {
  keys: IdpKey[];
  hits = 0;
  down = false;
  hanging = false;
  closedUnanswered = 0;
  private server?: Server;
  private readonly held = new Set<ServerResponse>();

  constructor(keys: IdpKey[]) {
    this.keys = keys;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.hits += 1;
      if (this.down) return req.socket.destroy();
      if (this.hanging) {
        this.held.add(res);
        res.once('close', () => {
          this.held.delete(res);
          if (!res.writableEnded) this.closedUnanswered += 1;
        });
        return;
      }
      res.setHeader('content-type', 'application/jwk-set+json');
      res.end(JSON.stringify(jwksOf(this.keys)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
