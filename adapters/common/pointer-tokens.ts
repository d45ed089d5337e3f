import { BoundedMemo } from '../../gateway/normalize/bounded-memo';

/**
 * JSON pointers (RFC 6901) as the reference tokens a reader walks, parsed once: the mappings read
 * a record's fields by pointer, a dozen to forty times a record, and splitting and unescaping the
 * same constant pointers again for every record was a sixth of the mapping's time.
 */

/**
 * Pointers remembered at most. The mappings' own pointers are a few hundred constants; the rest are
 * array members (`/answers/3/value`), as many as a partner sends, so the cache is bounded rather
 * than growing with a partner's input. It keeps what is read often (bounded-memo.ts): a partner's
 * long list pushes out other long lists, not the mappings' constants (it used to start over whole
 * past the bound, and parse every constant again after each such list).
 */
export const POINTER_CACHE_LIMIT = 1024;

const cache = new BoundedMemo<readonly string[]>(POINTER_CACHE_LIMIT, 256);

/** The reference tokens of `pointer`, unescaped (`~1` is `/`, `~0` is `~`); `""` is the whole record (no token). */
export function pointerTokens(pointer: string): readonly string[] {
  return cache.get(pointer, parsePointer);
}

/** How many pointers are remembered now: for the test of the bound. */
export function cachedPointerCount(): number {
  return cache.size;
}

/** Whether `pointer` is remembered now: for the test that constants outlive a partner's long list. */
export function holdsPointer(pointer: string): boolean {
  return cache.has(pointer);
}

function parsePointer(pointer: string): readonly string[] {
  const tokens = pointer.split('/').slice(1);
  return Object.freeze(pointer.includes('~') ? tokens.map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')) : tokens);
}
