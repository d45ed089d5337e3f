import { ConfigError, loadConfig, loadSandboxSettings, type GatewayConfig } from '../config';
import { ensureSandboxSecrets } from './sandbox-secrets';

/**
 * The sandbox's configuration: the gateway's own (loadConfig, every variable checked the same
 * way), with the sandbox's secrets, made on first start in SANDBOX_DIR, wherever the environment
 * gives none (AUTH_JWT_SECRET, QR_KEYS_DIR, QR_ACTIVE_KID). The sandbox is a choice, never a
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
  return loadConfig({
    ...env,
    AUTH_JWT_SECRET: env.AUTH_JWT_SECRET || secrets.authSecret,
    QR_KEYS_DIR: env.QR_KEYS_DIR || secrets.qrKeysDir,
    QR_ACTIVE_KID: env.QR_ACTIVE_KID || secrets.qrActiveKid,
  });
}
