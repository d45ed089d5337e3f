import type { IdentityProviderKeys, KeysUnavailable } from './identity-provider-keys';

export interface KeysAtStartEvents {
  /** A set was read: the process can verify tokens. */
  onRead: () => void;
  /** A read failed; the next is tried after `error.retryAfterMs` (the fetch's cooldown). */
  onFailure: (error: KeysUnavailable) => void;
}

/**
 * Reads the identity provider's keys at start, and again each time the last failure's cooldown
 * ends, until one set is read: until then the process is not ready (every token would be a 503),
 * and an IdP that is down for a moment at a rollout holds back the new pods, rather than failing
 * them. Returns when the first attempt has settled, one way or the other (so that a process whose IdP
 * answers is ready as soon as it listens), and `stop`: the pending attempt's timer cleared, for a
 * gateway closed before the keys came.
 */
export async function readKeysAtStart(keys: IdentityProviderKeys, { onRead, onFailure }: KeysAtStartEvents): Promise<() => void> {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const attempt = (): Promise<void> =>
    keys.load().then(
      () => {
        if (!stopped) onRead();
      },
      // load() rejects with KeysUnavailable alone: every failure to read is one.
      (error: KeysUnavailable) => {
        if (stopped) return;
        onFailure(error);
        timer = setTimeout(() => void attempt(), Math.max(1, error.retryAfterMs));
      },
    );
  await attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
