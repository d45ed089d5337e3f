import { schemaReasons, type AdapterRegistry, type MappingResult } from '../../adapters';

import type { CanonicalDeclaration } from '../domain/canonical-declaration';
import { canonicalSchema } from '../domain/canonical-schema';
import { declarationIdFor } from '../domain/declaration-id';
import { selfConsistencyFlags } from '../domain/identity-checks';
import { compileSchema } from '../domain/schema-compiler';

/**
 * A partner that speaks the canonical form sends a declaration without the gateway's parts: no
 * `declarationId` (derived from the source), no `source.receivedAt` (the gateway's clock), no
 * `subject.citizenId` (the join decides). Everything else is the canonical schema, unchanged.
 */
const inputSchema = (() => {
  const schema = structuredClone(canonicalSchema) as any;
  schema.$id = schema.$id.replace('canonical-declaration', 'canonical-declaration-input');
  schema.required = schema.required.filter((field: string) => field !== 'declarationId');
  schema.$defs.Source.required = schema.$defs.Source.required.filter((field: string) => field !== 'receivedAt');
  delete schema.$defs.Subject.properties.citizenId;
  return schema;
})();
const validateInput = compileSchema<CanonicalDeclaration>(inputSchema);
const JOIN_FLAGS = new Set(['unlinked', 'name-mismatch', 'birthdate-mismatch']);

export function readCanonicalInput(body: unknown, registry: AdapterRegistry, receivedAt: string): MappingResult {
  if (!validateInput(body)) {
    return { ok: false, reasons: schemaReasons(validateInput.errors) };
  }
  const instance = registry.get(body.source.instance);
  if (!instance || instance.platform !== body.source.platform) {
    return { ok: false, reasons: [{ pointer: '/source/instance', code: 'not-allowed', message: 'must be a configured instance of the platform named in /source/platform' }] };
  }
  const source = { ...body.source, receivedAt };
  // The join's flags are the gateway's to set; the partner's own flags and unmapped fields stay.
  const flags = [...new Set([...body.quality.flags.filter((f) => !JOIN_FLAGS.has(f)), ...selfConsistencyFlags(body.subject)])];
  return {
    ok: true,
    declaration: { ...body, declarationId: declarationIdFor(source.instance, source.recordId, source.recordVersion), source, quality: { ...body.quality, flags } },
  };
}
