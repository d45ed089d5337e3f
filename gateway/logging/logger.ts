import pino, { type Logger } from 'pino';
import { turnBufferedStdout } from './turn-buffered-stdout';

/** Redacted one level below any logged field (`{ subject: { fullName } }`, `{ records: [{ fullName }] }`), as pino's `*.fullName` would be, and in an array's items. */
export const PERSONAL_FIELDS = ['fullName', 'birthDate', 'identifiers', 'phone', 'value', 'qr', 'text', 'authorization'] as const;
/** A logged request's credentials (`req.headers.authorization`, `req.headers.cookie`). */
const CREDENTIAL_HEADERS = ['authorization', 'cookie'] as const;
const CENSOR = '[redacted]';

/**
 * The logged object with its personal fields replaced, copying only what changes: most lines (a
 * request's: ids, route, status, duration) hold none and pass as they are. Pino's own `redact`
 * option did the same walk, but ran on every field of every line, parsing its ten paths each time:
 * 11% of all the bytes a replayed ingest allocated (a sampling heap profile of `npm run bench`).
 */
export function redactPersonal<T extends Record<string, unknown>>(object: T): T {
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    if (typeof value !== 'object' || value === null) continue;
    let redacted = Array.isArray(value) ? censoredItems(value) : censored(value, PERSONAL_FIELDS);
    // A request's credentials too, unless it threw when read (it is the censor mark already).
    const headers = key === 'req' && typeof redacted === 'object' ? (value as { headers?: unknown }).headers : undefined;
    if (typeof headers === 'object' && headers !== null) {
      const safeHeaders = censored(headers, CREDENTIAL_HEADERS);
      if (safeHeaders !== headers) redacted = replaced(redacted === value ? copyOf(value) : (redacted as object), 'headers', safeHeaders);
    }
    if (redacted !== value) (copy ??= { ...object })[key] = redacted;
  }
  return (copy ?? object) as T;
}

/**
 * `value` itself when it holds none of `fields`; else a copy (its prototype, its hidden members: an
 * Error keeps its message and stack) with them censored. What the line will hold is judged: an
 * object with a `toJSON` by what that gives, an error field by field as pino's error serializer
 * writes it (its own and inherited enumerable fields, never its `toJSON`). A value that throws when
 * read (a `toJSON`, a getter, a Proxy's trap) is logged as the censor mark, never as a throw from
 * the log call.
 */
function censored(value: object, fields: readonly string[]): object | string {
  try {
    const logged = value instanceof Error ? value : asStringified(value);
    let copy: object | undefined;
    for (const field of fields) if (logsField(logged, field)) copy = replaced(copy ?? copyOf(logged), field, CENSOR);
    return copy ?? value;
  } catch {
    return CENSOR;
  }
}

/** Whether `value` has `field` as an enumerable field, its own or inherited (a prototype's method or getter is not). */
function logsField(value: object, field: string): boolean {
  for (let holder: object | null = value; holder !== null; holder = Object.getPrototypeOf(holder) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, field);
    if (descriptor) return descriptor.enumerable === true;
  }
  return false;
}

/** What JSON.stringify will write of `value`: its `toJSON`'s object, when it has one that gives an object. */
function asStringified(value: object): object {
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON !== 'function') return value;
  const json: unknown = toJSON.call(value);
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? json : value;
}

/** An array's object items censored (a batch's records, a list of subjects); `items` itself when none holds a personal field. */
function censoredItems(items: unknown[]): unknown[] {
  let copy: unknown[] | undefined;
  items.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
    const redacted = censored(item, PERSONAL_FIELDS);
    if (redacted !== item) (copy ??= [...items])[i] = redacted;
  });
  return copy ?? items;
}

function replaced(copy: object, key: string, value: unknown): object {
  return Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
}

function copyOf(value: object): object {
  const descriptors = Object.getOwnPropertyDescriptors(value);
  for (const descriptor of Object.values(descriptors)) descriptor.configurable = true;
  return Object.create(Object.getPrototypeOf(value) as object | null, descriptors) as object;
}

/**
 * A value interpolated into a line's message (`logger.info('scan of %j', value)`), redacted as a
 * line's fields are: pino stringifies it with its format options, which its formatters never see
 * (its `redact` option redacted there too, an array's items as `*`).
 */
function redactInterpolated(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Array.isArray(value) ? censoredItems(value) : redactPersonal(value as Record<string, unknown>);
}

/**
 * One JSON logger for the process (pino: structured, fast, well kept), writing to standard output
 * once a turn (turn-buffered-stdout.ts) unless given a destination. Personal fields are redacted
 * wherever they appear one level below a logged field, as a second line of defence: the code never
 * logs a declaration, a name, a document number or a phone in the first place.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  const logger = pino(
    { level, base: { service: 'vnhc-gateway' }, formatters: { log: redactPersonal } },
    destination ?? turnBufferedStdout(),
  );
  // A child's bindings skip pino's formatters, so they are redacted as the child is made; its own
  // children (pino makes them with Object.create from it) inherit this `child`.
  const makeChild = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return makeChild.call(this, redactPersonal(bindings), options);
  } as Logger['child'];
  // Bindings set later skip the formatters too; children inherit this as they inherit `child`.
  const setBindings = logger.setBindings;
  logger.setBindings = function (this: Logger, bindings) {
    setBindings.call(this, redactPersonal(bindings));
  } as Logger['setBindings'];
  // Pino's format options stringify what a message interpolates (its formatters never see it);
  // children inherit them. Missing, a pino upgrade moved them: better refused here than leaking.
  const format = (logger as unknown as Partial<Record<symbol, { stringify: (value: unknown) => string }>>)[pino.symbols.formatOptsSym];
  if (!format) throw new Error("createLogger: pino's format options are not where they were; redaction of interpolated values needs them");
  const stringify = format.stringify;
  format.stringify = (value) => stringify(redactInterpolated(value));
  return logger;
}

export type { Logger };
