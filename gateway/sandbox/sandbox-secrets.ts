import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pemKids } from '../config';

/**
 * The sandbox's own secrets, made on first start and kept in its data folder so that tokens and
 * QR codes survive a restart: the access-token secret and one ES256 QR signing key. Only the
 * sandbox entry (and the tests) make them; the production entry never loads this module.
 */
export interface SandboxSecrets {
  authSecret: string;
  qrKeysDir: string;
  qrActiveKid: string;
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
  return { authSecret: readFileSync(secretFile, 'utf8').trim(), qrKeysDir, qrActiveKid: kids[kids.length - 1] as string };
}

/** Writes a new P-256 private key as `<kid>.pem`: how the sandbox starts, and how a rotation begins. */
export function writeQrKey(dir: string, kid: string): void {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(join(dir, `${kid}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
}
