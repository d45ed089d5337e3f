import { DEFAULT_RETENTION_DAYS, Retention } from '../../gateway/domain/retention';
import type { IdempotencyClaim } from '../../gateway/store/gateway-store';
import { requireRedis, SHARED_REDIS_URL } from './redis';

/** What a store is told to keep a declaration for, in tests that do not test retention itself. */
export const KEEP_28_DAYS = new Retention(DEFAULT_RETENTION_DAYS).ms;

/** A store a gateway can run on; the HTTP suites run on each, as the store contract does. */
export interface TestStore {
  readonly name: string;
  /** Given to TestGateway.start (or a SandboxFixture): a Redis store gets a fresh key prefix per gateway. */
  readonly env: NodeJS.ProcessEnv;
  /** Skips the suite on a laptop without this store; under CI a missing store fails it. */
  require(context: Mocha.Context): Promise<void>;
}

export const STORES: readonly TestStore[] = [
  { name: 'in memory', env: {}, require: async () => {} },
  { name: 'Redis', env: { REDIS_URL: SHARED_REDIS_URL }, require: (context) => requireRedis(context) },
];

/** `suite` once per store, each in a describe of its own that first checks the store is there. */
export function describeOnEveryStore(title: string, suite: (this: Mocha.Suite, store: TestStore) => void): void {
  for (const store of STORES) {
    describe(`${title} (${store.name})`, function () {
      before(async function () {
        await store.require(this);
      });
      suite.call(this, store);
    });
  }
}

/** A request's claim on an Idempotency-Key, as a store is given it. */
export function claimOf(key: string, fingerprint: string, claimant: string): IdempotencyClaim {
  return { key, fingerprint, claimant };
}
