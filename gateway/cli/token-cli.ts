/**
 * `npm run -s token -- --sub <partner> --scope "<scopes>" [--ttl seconds]`: prints an access token
 * that this configuration accepts (the sandbox's own secret, or AUTH_JWT_SECRET).
 */
import { parseArgs } from 'node:util';
import { SCOPES, signAccessToken } from '../auth/access-tokens';
import { loadConfig } from '../config';

const { values } = parseArgs({ options: { sub: { type: 'string' }, scope: { type: 'string' }, ttl: { type: 'string', default: '3600' } } });
const scopes = (values.scope ?? '').split(/\s+/).filter(Boolean);
const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
if (!values.sub || scopes.length === 0 || unknown.length > 0) {
  process.stderr.write(`usage: npm run -s token -- --sub <partner> --scope "<scopes>" [--ttl seconds]\nscopes: ${SCOPES.join(' ')}\n${unknown.length ? `unknown: ${unknown.join(' ')}\n` : ''}`);
  process.exit(2);
}
process.stdout.write(`${signAccessToken(loadConfig().auth, values.sub, scopes, Number(values.ttl))}\n`);
