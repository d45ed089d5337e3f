/** Redacted wherever they appear in a line: as a field, in a field's object at any depth, in an array's items. */
export const PERSONAL_FIELDS = ['fullName', 'birthDate', 'identifiers', 'phone', 'value', 'qr', 'text', 'authorization'] as const;
const PERSONAL: ReadonlySet<string> = new Set(PERSONAL_FIELDS);
/** A logged request's or answer's credentials, in an object under `headers`, by name in any case (`req.headers.cookie`). */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization']);
const CENSOR = '[redacted]';
/** Objects nested deeper than this in a line are written as the censor mark, not judged: no log line of ours nests so deep. */
const MAX_DEPTH = 8;
/** What an object being walked maps to: met again below itself, it is a cycle. */
const BEING_WALKED = Symbol('being walked');

/**
 * The logged object with its personal fields replaced at any depth, copying only what changes: most
 * lines (a request's: ids, route, status, duration) hold none and pass as they are. Pino's own
 * `redact` option did this for its listed paths, but ran on every field of every line, parsing its
 * paths each time: 11% of all the bytes a replayed ingest allocated (a sampling heap profile of
 * `npm run bench`), and it reached only the paths listed.
 */
export function redactPersonal<T extends Record<string, unknown>>(object: T): T {
  const redacted = new Redaction().of(object, 0, false);
  // A line whose fields cannot even be listed (a Proxy that throws) is written without them.
  return (typeof redacted === 'object' ? redacted : { fields: CENSOR }) as T;
}

/**
 * A value interpolated into a line's message (`logger.info('scan of %j', value)`), redacted as a
 * line's fields are: pino stringifies it with its format options, which its formatters never see.
 */
export function redactInterpolated(value: unknown): unknown {
  return new Redaction().of(value, 0, false);
}

/** One line's walk: each object in it is judged once, however many times the line refers to it. */
class Redaction {
  /** Objects met in this line and what they became (made when the line holds an object below its top). */
  private met?: Map<object, unknown>;

  /**
   * `value` itself when it holds no personal field at any depth; else a copy (its prototype, its
   * hidden members: an Error keeps its message and stack) with them censored. What the line will
   * hold is judged: an object with a `toJSON` by what that gives, an error field by field as pino's
   * error serializer writes it (its own and inherited enumerable fields and an AggregateError's
   * errors, never its `toJSON`). A field that throws when read (a getter) is written as the censor
   * mark, and an object whose fields cannot be listed (a Proxy's trap, a `toJSON` that throws) is
   * the mark as a whole; the log call never throws. A cycle is the mark where it closes (a copy
   * refers to no original, where a personal field would be written). `headers`: the value is a
   * request's or an answer's headers.
   */
  of(value: unknown, depth: number, headers: boolean): unknown {
    // Bytes and typed arrays hold numbers only: not walked item by item.
    if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
    const met = (this.met ??= new Map());
    const known = met.get(value);
    if (known === BEING_WALKED) return CENSOR;
    // Headers are judged by more names: an object met as headers is walked again as headers.
    if (known !== undefined && !headers) return known;
    if (depth === MAX_DEPTH) return CENSOR;
    met.set(value, BEING_WALKED);
    const redacted = this.walked(value, depth, headers);
    met.set(value, redacted);
    return redacted;
  }

  private walked(value: object, depth: number, headers: boolean): unknown {
    try {
      const logged = Array.isArray(value) || value instanceof Error ? value : asStringified(value);
      if (Array.isArray(logged)) {
        const items = this.items(logged, depth);
        return items === logged ? value : items;
      }
      let copy: object | undefined;
      for (const field of loggedFields(logged)) {
        let current: unknown;
        let redacted: unknown = CENSOR;
        try {
          current = (logged as Record<string, unknown>)[field];
          if (!PERSONAL.has(field) && !(headers && CREDENTIAL_HEADERS.has(field.toLowerCase())))
            redacted = this.of(current, depth + 1, field === 'headers');
        } catch {
          // A field that throws when read: written as the mark, its neighbours as they are.
        }
        if (!Object.is(redacted, current)) copy = replaced(copy ?? copyOf(logged), field, redacted, true);
      }
      // Pino's error serializer writes an AggregateError's errors (not enumerable) as `aggregateErrors`.
      const errors = logged instanceof Error ? (logged as { errors?: unknown }).errors : undefined;
      if (Array.isArray(errors) && !Object.prototype.propertyIsEnumerable.call(logged, 'errors')) {
        const items = this.items(errors, depth);
        if (items !== errors) copy = replaced(copy ?? copyOf(logged), 'errors', items, false);
      }
      return copy ?? value;
    } catch {
      return CENSOR;
    }
  }

  /** An array's items redacted (a batch's records, a list of subjects); `items` itself when none holds a personal field. */
  private items(items: readonly unknown[], depth: number): readonly unknown[] {
    let copy: unknown[] | undefined;
    for (let i = 0; i < items.length; i += 1) {
      const redacted = this.of(items[i], depth + 1, false);
      if (!Object.is(redacted, items[i])) (copy ??= [...items])[i] = redacted;
    }
    return copy ?? items;
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

/** What JSON.stringify will write of `value`: its `toJSON`'s object or array, when it has one that gives either. */
function asStringified(value: object): object {
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON !== 'function') return value;
  const json: unknown = toJSON.call(value);
  return typeof json === 'object' && json !== null ? json : value;
}

function replaced(copy: object, key: string, value: unknown, enumerable: boolean): object {
  return Object.defineProperty(copy, key, { value, enumerable, writable: true, configurable: true });
}

function copyOf(value: object): object {
  const descriptors = Object.getOwnPropertyDescriptors(value);
  for (const descriptor of Object.values(descriptors)) descriptor.configurable = true;
  return Object.create(Object.getPrototypeOf(value) as object | null, descriptors) as object;
}
