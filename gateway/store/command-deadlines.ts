import { performance } from 'node:perf_hooks';
import { TimeoutError } from 'redis';

interface Waiting {
  due: number;
  fail: (error: Error) => void;
}

/**
 * The timeout of every command sent on a connection, on one timer. node-redis's own
 * (commandOptions.timeout) makes an AbortSignal.timeout per command, a timer that cannot be
 * cleared: it fired after every answer and built a DOMException with its stack (issue 12; with the
 * scan's other timers, 10-13% of its CPU). Here the commands waiting are kept in the order they
 * were sent, which with one timeout is the order they fall due; the timer is set for the oldest,
 * moved on to the next when it fires, and cleared as soon as none waits. A command past its time
 * fails as node-redis's did, with its TimeoutError (to the store, Redis unavailable: a 503); its
 * answer, if it ever comes, is dropped.
 */
export class CommandDeadlines {
  private readonly waiting = new Set<Waiting>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly timeoutMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The command's outcome, or a TimeoutError once it has waited `timeoutMs`. */
  within<T>(command: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Waiting = { due: this.now() + this.timeoutMs, fail: reject };
      this.waiting.add(entry);
      this.timer ??= setTimeout(this.expire, this.timeoutMs);
      command.then(
        (value) => {
          this.settle(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.settle(entry);
          reject(error);
        },
      );
    });
  }

  private settle(entry: Waiting): void {
    this.waiting.delete(entry);
    if (this.waiting.size === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private readonly expire = (): void => {
    this.timer = undefined;
    const now = this.now();
    for (const entry of this.waiting) {
      // Sent in order, due in order: the first not yet due ends the walk.
      if (entry.due > now) {
        this.timer = setTimeout(this.expire, Math.max(1, Math.ceil(entry.due - now)));
        return;
      }
      this.waiting.delete(entry);
      entry.fail(new TimeoutError(`Redis did not answer within ${this.timeoutMs} ms`));
    }
  };
}

/** The node-redis client or cluster each timed command set was made from. */
const UNTIMED = new WeakMap<object, object>();

/**
 * `client`'s commands (a node-redis client or cluster, or a set this function made), each failing
 * after `timeoutMs` through one CommandDeadlines: node-redis is told to time nothing itself. A
 * method that answers a promise is timed; anything else (a property, `multi()`) is the client's.
 */
export function timedCommands<T extends object>(client: T, timeoutMs: number): T {
  const source = (UNTIMED.get(client) ?? client) as { withCommandOptions(options: { timeout: number }): object };
  const untimed = source.withCommandOptions({ timeout: 0 }) as Record<PropertyKey, unknown>;
  const deadlines = new CommandDeadlines(timeoutMs);
  // One wrapper per method, made at its first use (a store calls a handful of methods, thousands of times).
  const wrappers = new Map<PropertyKey, unknown>();
  const timed = new Proxy(untimed, {
    get(target, name) {
      const value = target[name];
      if (typeof value !== 'function') return value;
      let wrapper = wrappers.get(name);
      if (wrapper === undefined) {
        wrapper = (...args: unknown[]) => {
          const result: unknown = value.apply(target, args);
          return result instanceof Promise ? deadlines.within(result) : result;
        };
        wrappers.set(name, wrapper);
      }
      return wrapper;
    },
  });
  UNTIMED.set(timed, source);
  return timed as T;
}
