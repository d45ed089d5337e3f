/**
 * JSON pointers (RFC 6901) as the reference tokens a reader walks, parsed once: the mappings read
 * a record's fields by pointer, a dozen to forty times a record, and splitting and unescaping the
 * same constant pointers again for every record was a sixth of the mapping's time.
 */

/**
 * Pointers remembered at most. The mappings' own pointers are a few hundred constants; the rest are
 * array members (`/answers/3/value`), as many as a partner sends, so past the bound the cache starts
 * over rather than growing with a partner's input (the constants come back on the next record).
 */
export const POINTER_CACHE_LIMIT = 1024;

const cache = new Map<string, readonly string[]>();

/** The reference tokens of `pointer`, unescaped (`~1` is `/`, `~0` is `~`); `""` is the whole record (no token). */
export function pointerTokens(pointer: string): readonly string[] {
  let tokens = cache.get(pointer);
  if (tokens === undefined) {
    tokens = parsePointer(pointer);
    if (cache.size >= POINTER_CACHE_LIMIT) cache.clear();
    cache.set(pointer, tokens);
  }
  return tokens;
}

/** How many pointers are remembered now: for the test of the bound. */
export function cachedPointerCount(): number {
  return cache.size;
}

function parsePointer(pointer: string): readonly string[] {
  const tokens = pointer.split('/').slice(1);
  return Object.freeze(pointer.includes('~') ? tokens.map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')) : tokens);
}
