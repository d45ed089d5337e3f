import { createHmac, type KeyObject } from 'node:crypto';

/**
 * What a Redis key name holds in place of an identity key, a phone or a caller's idempotency key:
 * a keyed HMAC-SHA256 (REDIS_KEY_SECRET), so that a copy of the key names alone reveals nothing. An
 * unkeyed hash would not do: a phone number or a CCCD has so few possible values that every one of
 * them can be hashed and matched in seconds. `npm run reindex` moves the names to a new secret.
 */
export class KeyNames {
  constructor(private readonly secret: KeyObject) {}

  /** 32 base64url characters (192 bits): short key names, and far beyond any collision. */
  of(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url').slice(0, 32);
  }
}
