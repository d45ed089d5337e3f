import { ConfigError, loadConfig, loadSandboxSettings, type GatewayConfig } from '../config';
import { ensureSandboxSecrets } from './sandbox-secrets';

/**
 * The sandbox's configuration: the gateway's own (loadConfig, every variable checked the same
 * way), with the sandbox's secrets, made on first start in SANDBOX_DIR, wherever the environment
 * gives none (AUTH_JWKS_FILE or AUTH_JWKS_URL: its own identity provider's JWKS; AUTH_JWT_SECRET,
 * the tests' shared secret; QR_KEYS_DIR, QR_ACTIVE_KID). So the sandbox verifies `npm run token`'s
 * ES256 tokens through a JWKS, as production verifies its IdP's. The sandbox is a choice, never a
 * fallback: NODE_ENV=production is refused here, so a production environment that ran the wrong
 * command stops instead of signing with made-up secrets.
 */
export function loadSandboxConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(
      'NODE_ENV: "production" never runs the sandbox; the production entry is gateway/main.ts (npm run start:production, node dist/gateway/main.js)',
    );
  }
  const secrets = ensureSandboxSecrets(loadSandboxSettings(env).dir);
  const ownIdentityProvider = env.AUTH_JWKS_FILE || env.AUTH_JWKS_URL ? {} : { AUTH_JWKS_FILE: secrets.identityProvider.jwksFile };
  return loadConfig({
    ...env,
    ...ownIdentityProvider,
    AUTH_JWT_SECRET: env.AUTH_JWT_SECRET || secrets.authSecret,
    QR_KEYS_DIR: env.QR_KEYS_DIR || secrets.qrKeysDir,
    QR_ACTIVE_KID: env.QR_ACTIVE_KID || secrets.qrActiveKid,
  });
}
