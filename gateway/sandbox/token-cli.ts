/**
 * `npm run -s token -- --sub <partner> --scope "<scopes>" [--ttl seconds]`: prints an access token
 * that the sandbox accepts, issued as the identity provider the sandbox plays (ES256, the newest key
 * of SANDBOX_DIR/identity-provider, named by its kid), the way an operator's IdP issues them. The
 * lifetime is at most AUTH_MAX_TOKEN_LIFETIME_SECONDS (default 86400), since a longer token would be refused.
 */
import { parseArgs } from 'node:util';
import { issueAccessToken, SCOPES } from '../auth/access-tokens';
import { loadSandboxSettings } from '../config';
import { loadSandboxConfig } from './sandbox-config';
import { ensureSandboxSecrets } from './sandbox-secrets';

const { values } = parseArgs({ options: { sub: { type: 'string' }, scope: { type: 'string' }, ttl: { type: 'string', default: '3600' } } });
if (process.env.AUTH_JWKS_FILE || process.env.AUTH_JWKS_URL) {
  process.stderr.write('AUTH_JWKS_FILE or AUTH_JWKS_URL is set: the gateway trusts that identity provider; ask it for a token\n');
  process.exit(2);
}
const auth = loadSandboxConfig().auth;
const identityProvider = ensureSandboxSecrets(loadSandboxSettings().dir).identityProvider;
const scopes = (values.scope ?? '').split(/\s+/).filter(Boolean);
const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
const ttl = Number(values.ttl);
const ttlOk = /^\d+$/.test(values.ttl) && ttl >= 1 && ttl <= auth.maxTokenLifetimeSeconds;
if (!values.sub || scopes.length === 0 || unknown.length > 0 || !ttlOk) {
  process.stderr.write(
    `usage: npm run -s token -- --sub <partner> --scope "<scopes>" [--ttl seconds]\nscopes: ${SCOPES.join(' ')}\n` +
      `ttl: 1 to ${auth.maxTokenLifetimeSeconds} seconds (AUTH_MAX_TOKEN_LIFETIME_SECONDS)\n${unknown.length ? `unknown: ${unknown.join(' ')}\n` : ''}`,
  );
  process.exit(2);
}
const issuing = { key: identityProvider.privateKey, algorithm: 'ES256', kid: identityProvider.kid } as const;
process.stdout.write(`${issueAccessToken(auth, issuing, values.sub, scopes, ttl)}\n`);
