/**
 * `value` frozen to its leaves, in place: a declaration shared between callers (the memory store's,
 * an answer held for the freshness window) that none of them can change; a change throws.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
