import pino, { type Logger } from 'pino';
import { turnBufferedStdout } from './turn-buffered-stdout';

/** Redacted wherever they appear in a line: as a field, in a field's object at any depth, in an array's items. */
export const PERSONAL_FIELDS = ['fullName', 'birthDate', 'identifiers', 'phone', 'value', 'qr', 'text', 'authorization'] as const;
const PERSONAL: ReadonlySet<string> = new Set(PERSONAL_FIELDS);
/** A logged request's or answer's credentials, in an object under `headers` (`req.headers.cookie`). */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['cookie', 'set-cookie', 'proxy-authorization']);
const CENSOR = '[redacted]';
/**
 * Objects nested deeper than this in a line are written as the censor mark, not judged: no log line
 * of ours nests so deep, and a cycle (which pino writes as `[Circular]`) ends here too.
 */
const MAX_DEPTH = 8;

/**
 * The logged object with its personal fields replaced at any depth, copying only what changes: most
 * lines (a request's: ids, route, status, duration) hold none and pass as they are. Pino's own
 * `redact` option did this for its listed paths, but ran on every field of every line, parsing its
 * paths each time: 11% of all the bytes a replayed ingest allocated (a sampling heap profile of
 * `npm run bench`), and it reached only the paths listed.
 */
export function redactPersonal<T extends Record<string, unknown>>(object: T): T {
  const redacted = redactedValue(object, 0, false);
  // A line whose fields cannot even be read (a Proxy that throws) is written without them.
  return (typeof redacted === 'object' ? redacted : { fields: CENSOR }) as T;
}

/**
 * `value` itself when it holds no personal field at any depth; else a copy (its prototype, its
 * hidden members: an Error keeps its message and stack) with them censored. What the line will hold
 * is judged: an object with a `toJSON` by what that gives, an error field by field as pino's error
 * serializer writes it (its own and inherited enumerable fields, never its `toJSON`). A value that
 * throws when read (a `toJSON`, a getter, a Proxy's trap) is logged as the censor mark, never as a
 * throw from the log call. `headers` says the value is a request's or an answer's headers.
 */
function redactedValue(value: unknown, depth: number, headers: boolean): unknown {
  // Bytes and typed arrays hold numbers only: not walked item by item.
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  if (depth === MAX_DEPTH) return CENSOR;
  try {
    if (Array.isArray(value)) return redactedItems(value, depth);
    const logged = value instanceof Error ? value : asStringified(value);
    let copy: object | undefined;
    for (const field of loggedFields(logged)) {
      const current = (logged as Record<string, unknown>)[field];
      const redacted =
        PERSONAL.has(field) || (headers && CREDENTIAL_HEADERS.has(field)) ? CENSOR : redactedValue(current, depth + 1, field === 'headers');
      if (!Object.is(redacted, current)) copy = replaced(copy ?? copyOf(logged), field, redacted);
    }
    return copy ?? value;
  } catch {
    return CENSOR;
  }
}

/**
 * The fields a line writes of `value`: an error's own and inherited enumerable ones, as pino's error
 * serializer walks them (a prototype's method or getter is not enumerable); another object's own
 * enumerable ones, as JSON.stringify does.
 */
function loggedFields(value: object): string[] {
  if (!(value instanceof Error)) return Object.keys(value);
  const fields: string[] = [];
  for (const field in value) fields.push(field);
  return fields;
}

/** What JSON.stringify will write of `value`: its `toJSON`'s object, when it has one that gives an object. */
function asStringified(value: object): object {
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON !== 'function') return value;
  const json: unknown = toJSON.call(value);
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? json : value;
}

/** An array's items redacted (a batch's records, a list of subjects); `items` itself when none holds a personal field. */
function redactedItems(items: unknown[], depth: number): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < items.length; i += 1) {
    const redacted = redactedValue(items[i], depth + 1, false);
    if (redacted !== items[i]) (copy ??= [...items])[i] = redacted;
  }
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
  return redactedValue(value, 0, false);
}

/**
 * One JSON logger for the process (pino: structured, fast, well kept), writing to standard output
 * once a turn (turn-buffered-stdout.ts) unless given a destination. Personal fields are redacted
 * wherever they appear in a line (its fields, at any depth), as a second line of defence: the code never
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
