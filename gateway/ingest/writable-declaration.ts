import type { RefusalReason } from '../../adapters';
import type { CanonicalDeclaration } from '../domain/canonical-declaration';

/** A stored declaration's limits: far above any real record, low enough to bound memory and Redis values. */
export const MAX_DECLARATION_BYTES = 256 * 1024;
export const MAX_DECLARATION_DEPTH = 16;

/**
 * What would stop a declaration from being stored, checked before the first write: a time the
 * timeline cannot order, nesting too deep to serialise safely, a document too large. Every write a
 * declaration needs happens after this, so a refused record claims no key and leaves nothing behind.
 */
export function unwritableReasons(declaration: CanonicalDeclaration): RefusalReason[] {
  const reasons: RefusalReason[] = [];
  if (!Number.isFinite(Date.parse(declaration.declaredAt))) {
    reasons.push({ pointer: '/declaredAt', code: 'invalid-date', message: 'is not a time that exists' });
  }
  const shape = shapeOf(declaration);
  if (shape.depth > MAX_DECLARATION_DEPTH) {
    reasons.push({ pointer: '', code: 'invalid-value', message: `nests values deeper than ${MAX_DECLARATION_DEPTH} levels` });
  } else if (
    // The walk's bound settles every real declaration (a few KiB); only one that may be too large
    // is serialised to be measured exactly (the store serialises the linked declaration anyway).
    shape.bytesAtMost > MAX_DECLARATION_BYTES &&
    Buffer.byteLength(JSON.stringify(declaration)) > MAX_DECLARATION_BYTES
  ) {
    reasons.push({ pointer: '', code: 'invalid-value', message: `is larger than ${MAX_DECLARATION_BYTES / 1024} KiB once mapped` });
  }
  return reasons;
}

/** Longest JSON text of a number (`-1.2345678901234567e-308`), and of any other scalar (`false`). */
const NUMBER_BYTES_AT_MOST = 24;
const SCALAR_BYTES_AT_MOST = 5;

/**
 * The nesting depth of a JSON value and a bound on the UTF-8 bytes of its JSON text, in one walk
 * without recursion (a hostile value may be 100,000 deep). A UTF-16 unit of a string or a key is at
 * most 6 bytes once escaped (`\u001f`). A value whose text the walk cannot bound (an object with a
 * prototype of its own, which may have `toJSON`) is bounded by nothing: it is serialised to be measured.
 */
export function shapeOf(value: unknown): { depth: number; bytesAtMost: number } {
  let deepest = 0;
  let bytes = 0;
  const nodes: unknown[] = [value];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop() as number;
    if (typeof node === 'string') bytes += 6 * node.length + 2;
    else if (typeof node === 'number') bytes += NUMBER_BYTES_AT_MOST;
    else if (node === null || node === undefined || typeof node === 'boolean') bytes += SCALAR_BYTES_AT_MOST;
    else if (typeof node !== 'object') bytes = Infinity;
    else {
      deepest = Math.max(deepest, depth);
      if (deepest > MAX_DECLARATION_DEPTH) return { depth: deepest, bytesAtMost: Infinity };
      if (Array.isArray(node)) {
        bytes += 2 + node.length;
        for (const member of node) {
          nodes.push(member);
          depths.push(depth + 1);
        }
        continue;
      }
      const prototype = Object.getPrototypeOf(node);
      if (prototype !== Object.prototype && prototype !== null) bytes = Infinity;
      bytes += 2;
      for (const key of Object.keys(node)) {
        bytes += 6 * key.length + 4;
        nodes.push((node as Record<string, unknown>)[key]);
        depths.push(depth + 1);
      }
    }
  }
  return { depth: deepest, bytesAtMost: bytes };
}
