import {
  AbortError,
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  DisconnectsClientError,
  ErrorReply,
  MaxCommandRedirectionsError,
  ReconnectStrategyError,
  RootNodesUnavailableError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
} from 'redis';
import { SCRIPT_GUARD } from './redis-scripts';
import { StoreUnavailable } from './store-errors';

/** The node-redis errors that mean Redis could not do the work (down, timing out, refusing, moving slots). */
const REDIS_FAILURES = [
  ErrorReply,
  TimeoutError,
  ConnectionTimeoutError,
  SocketTimeoutError,
  ClientClosedError,
  ClientOfflineError,
  DisconnectsClientError,
  SocketClosedUnexpectedlyError,
  RootNodesUnavailableError,
  ReconnectStrategyError,
  MaxCommandRedirectionsError,
  AbortError,
];

/** Whether an error is Redis failing, as opposed to a defect of ours (a script's own guard is one). */
export function isRedisFailure(error: unknown): boolean {
  if (error instanceof ErrorReply && error.message.includes(SCRIPT_GUARD)) return false;
  return REDIS_FAILURES.some((type) => error instanceof type) || isSocketError(error);
}

/**
 * The socket's own error (ECONNRESET, EPIPE): node-redis rejects the commands in flight with it when
 * a node dies under them (a cluster primary killed mid-write answered 500 before this).
 */
function isSocketError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** Redis commands whose failure is the store being unavailable (a 503); anything else goes on as it is. */
export async function redisCall<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!isRedisFailure(error)) throw error;
    throw new StoreUnavailable(`redis: ${(error as Error).message}`, { cause: error });
  }
}
