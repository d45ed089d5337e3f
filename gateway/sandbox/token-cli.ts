/**
 * `npm run -s token -- --sub <partner> --scope "<scopes>" [--ttl seconds]`: prints an access token
 * that the sandbox accepts (its own secret, or AUTH_JWT_SECRET when set). The lifetime is at most
 * AUTH_MAX_TOKEN_LIFETIME_SECONDS (default 86400), since a longer token would be refused.
 */
import { parseArgs } from 'node:util';
import { SCOPES, signAccessToken } from '../auth/access-tokens';
import { loadSandboxConfig } from './sandbox-config';

const { values } = parseArgs({ options: { sub: { type: 'string' }, scope: { type: 'string' }, ttl: { type: 'string', default: '3600' } } });
const auth = loadSandboxConfig().auth;
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
process.stdout.write(`${signAccessToken(auth, values.sub, scopes, ttl)}\n`);
