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
  if (depthOf(declaration) > MAX_DECLARATION_DEPTH) {
    reasons.push({ pointer: '', code: 'invalid-value', message: `nests values deeper than ${MAX_DECLARATION_DEPTH} levels` });
  } else if (Buffer.byteLength(JSON.stringify(declaration)) > MAX_DECLARATION_BYTES) {
    reasons.push({ pointer: '', code: 'invalid-value', message: `is larger than ${MAX_DECLARATION_BYTES / 1024} KiB once mapped` });
  }
  return reasons;
}

/** The nesting depth of a JSON value, measured without recursion (a hostile value may be 100,000 deep). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_DECLARATION_DEPTH) return deepest;
    for (const member of Object.values(node)) pending.push([member, depth + 1]);
  }
  return deepest;
}
