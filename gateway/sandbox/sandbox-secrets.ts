import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pemKids } from '../config';

/**
 * The sandbox's own secrets, made on first start and kept in its data folder so that tokens and
 * QR codes survive a restart: the shared access-token secret (the tests' HS256 tokens), the key of
 * the identity provider the sandbox plays (ES256, its JWKS beside it) and one ES256 QR signing key.
 * Only the sandbox entry (and the tests) make them; the production entry never loads this module.
 */
export interface SandboxSecrets {
  authSecret: string;
  qrKeysDir: string;
  qrActiveKid: string;
  identityProvider: SandboxIdentityProvider;
}

/**
 * The identity provider the sandbox plays: `<kid>.pem` private keys in SANDBOX_DIR/identity-provider
 * (the newest, by kid, signs `npm run token`'s tokens) and their public keys in its `jwks.json`,
 * which the sandbox gateway reads as AUTH_JWKS_FILE, the way production reads its IdP's.
 */
export interface SandboxIdentityProvider {
  jwksFile: string;
  kid: string;
  privateKey: KeyObject;
}

export function ensureSandboxSecrets(dataDir: string): SandboxSecrets {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secretFile = join(dataDir, 'auth-secret');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
  const qrKeysDir = join(dataDir, 'qr-keys');
  mkdirSync(qrKeysDir, { recursive: true, mode: 0o700 });
  let kids = pemKids(qrKeysDir);
  if (kids.length === 0) {
    writeQrKey(qrKeysDir, `sandbox-${new Date().toISOString().slice(0, 10)}`);
    kids = pemKids(qrKeysDir);
  }
  return {
    authSecret: readFileSync(secretFile, 'utf8').trim(),
    qrKeysDir,
    qrActiveKid: kids[kids.length - 1] as string,
    identityProvider: ensureIdentityProvider(join(dataDir, 'identity-provider')),
  };
}

function ensureIdentityProvider(dir: string): SandboxIdentityProvider {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let kids = pemKids(dir);
  if (kids.length === 0) {
    writeQrKey(dir, `sandbox-idp-${new Date().toISOString().slice(0, 10)}`);
    kids = pemKids(dir);
  }
  const keys = kids.map((kid) => ({ kid, privateKey: createPrivateKey(readFileSync(join(dir, `${kid}.pem`))) }));
  const jwks = {
    keys: keys.map(({ kid, privateKey }) => ({ ...createPublicKey(privateKey).export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' })),
  };
  const jwksFile = join(dir, 'jwks.json');
  const text = `${JSON.stringify(jwks, null, 2)}\n`;
  // Written whole (a rename), and only when it changes: a sandbox gateway may be reading it while the token command starts.
  if (!existsSync(jwksFile) || readFileSync(jwksFile, 'utf8') !== text) {
    const partial = `${jwksFile}.${process.pid}.tmp`;
    writeFileSync(partial, text);
    renameSync(partial, jwksFile);
  }
  return { jwksFile, ...(keys[keys.length - 1] as { kid: string; privateKey: KeyObject }) };
}

/** Writes a new P-256 private key as `<kid>.pem`: how the sandbox starts, and how a rotation (of QR or IdP keys) begins. */
export function writeQrKey(dir: string, kid: string): void {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(join(dir, `${kid}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
}
