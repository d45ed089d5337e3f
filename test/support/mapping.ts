import assert from 'node:assert/strict';
import { createAdapterRegistry, type RefusalReason } from '../../adapters';
import type { CanonicalDeclaration } from '../../gateway/domain/canonical-declaration';
import { loadGoldenCases } from './golden-pairs';

const registry = createAdapterRegistry();
const cases = [...loadGoldenCases('accepted'), ...loadGoldenCases('refused')];

/** The native record of a golden pair, as a fresh copy a test may change. */
export function goldenNative(instance: string, fileStart: string): any {
  const found = cases.find((c) => c.instance === instance && c.file.startsWith(fileStart));
  if (!found) throw new Error(`no golden pair ${instance}/${fileStart}`);
  return structuredClone(found.native);
}

const RECEIVED_AT = '2021-08-20T08:00:00+07:00';

/** Maps a native record that must be accepted. */
export function mapAccepted(instance: string, native: unknown): CanonicalDeclaration {
  const result = registry.get(instance)!.toCanonical(native, RECEIVED_AT);
  assert.ok(result.ok, `refused: ${JSON.stringify(!result.ok && result.reasons)}`);
  return result.declaration;
}

/** Maps a native record that must be refused, and gives its reasons. */
export function mapRefused(instance: string, native: unknown): RefusalReason[] {
  const result = registry.get(instance)!.toCanonical(native, RECEIVED_AT);
  assert.equal(result.ok, false, 'accepted a record that should be refused');
  return result.ok ? [] : result.reasons;
}

export const pointers = (reasons: RefusalReason[]): string[] => reasons.map((r) => r.pointer);
export const ids = (d: CanonicalDeclaration) => d.subject.identifiers ?? [];
