import { hash } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford's base32, lower case

/**
 * The gateway's id for a source record: the same instance, record id and version always give the
 * same id, so a replayed record is recognised and never stored twice. The inputs are platform ids,
 * never personal data, and the hash keeps them out of URLs anyway. crypto.hash (one call, no Hash
 * object) gives createHash's digest at about half its CPU: it runs once per record ingested.
 */
export function declarationIdFor(instance: string, recordId: string, recordVersion = ''): string {
  const digest = hash('sha256', `${instance}\n${recordId}\n${recordVersion}`, 'buffer');
  let bits = 0;
  let buffer = 0;
  let out = 'dcl_';
  for (let i = 0; out.length < 30; i += 1) {
    buffer = (buffer << 8) | (digest[i] as number);
    bits += 8;
    while (bits >= 5 && out.length < 30) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
  }
  return out;
}
