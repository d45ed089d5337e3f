/**
 * JSON pointers (RFC 6901) as the reference tokens a reader walks, parsed once: the mappings read
 * a record's fields by pointer, a dozen to forty times a record, and splitting and unescaping the
 * same constant pointers again for every record was a sixth of the mapping's time.
 */

/**
 * Pointers remembered at most. The mappings' own pointers are a few hundred constants; the rest are
 * array members (`/answers/3/value`), as many as a partner sends, so the cache is bounded rather
 * than growing with a partner's input.
 */
export const POINTER_CACHE_LIMIT = 1024;

/**
 * Two generations of half the limit each: a pointer is looked up in the recent one, then in the
 * older one (and brought back to the recent one); when the recent one is full it becomes the older
 * one and the oldest are dropped. A pointer read on every record is never more than a generation
 * old, so a partner's long list pushes out the other long lists, not the mappings' constants (the
 * cache used to start over whole past the limit, and parse every constant again after each such list).
 * An LRU's order at one Map lookup a read.
 */
const GENERATION = POINTER_CACHE_LIMIT / 2;
let recent = new Map<string, readonly string[]>();
let older = new Map<string, readonly string[]>();

/** The reference tokens of `pointer`, unescaped (`~1` is `/`, `~0` is `~`); `""` is the whole record (no token). */
export function pointerTokens(pointer: string): readonly string[] {
  const tokens = recent.get(pointer);
  return tokens === undefined ? remember(pointer, older.get(pointer) ?? parsePointer(pointer)) : tokens;
}

function remember(pointer: string, tokens: readonly string[]): readonly string[] {
  if (recent.size >= GENERATION) {
    older = recent;
    recent = new Map();
  }
  recent.set(pointer, tokens);
  return tokens;
}

/** How many pointers are remembered now: for the test of the bound. */
export function cachedPointerCount(): number {
  return recent.size + older.size;
}

/** Whether `pointer` is remembered now: for the test that constants outlive a partner's long list. */
export function holdsPointer(pointer: string): boolean {
  return recent.has(pointer) || older.has(pointer);
}

function parsePointer(pointer: string): readonly string[] {
  const tokens = pointer.split('/').slice(1);
  return Object.freeze(pointer.includes('~') ? tokens.map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')) : tokens);
}
