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

/**
 * The key names of the identity keys and phones a store has just named, each for about a second: a
 * new person's join reads their index keys and, one round trip later, the write names the same keys
 * again; kept here, each HMAC is computed once instead of twice. An identity key is personal data, so
 * the memo is bounded in size and in time: at most `maxEntries` (then it starts afresh), and emptied
 * `lifetimeMs` after its first entry, so no number outlives the request that brought it by more than
 * that; it is never logged, counted by value or sent anywhere.
 */
export class RecentKeyNames {
  private readonly names = new Map<string, string>();
  private emptying?: NodeJS.Timeout;

  constructor(
    private readonly keyNames: KeyNames,
    private readonly maxEntries = 1024,
    private readonly lifetimeMs = 1000,
  ) {}

  of(value: string): string {
    let name = this.names.get(value);
    if (name !== undefined) return name;
    if (this.names.size >= this.maxEntries) this.names.clear();
    name = this.keyNames.of(value);
    this.names.set(value, name);
    // One timer a second at most, unref'd: it never holds a stopping process.
    this.emptying ??= setTimeout(() => this.empty(), this.lifetimeMs).unref();
    return name;
  }

  /** How many values it holds now (for tests: the bounds). */
  get size(): number {
    return this.names.size;
  }

  private empty(): void {
    this.names.clear();
    this.emptying = undefined;
  }
}
