import schema from '../../schemas/tracing.v1.schema.json';
import { renderSchemaType } from './render-canonical-type';

export const TRACING_SCHEMA_FILE = 'schemas/tracing.v1.schema.json';
export const TRACING_TYPE_FILE = 'gateway/domain/tracing.ts';

/** Renders the tracing types (the query, its answer, the query stored, the contacts) from their JSON Schema. */
export function renderTracingType(): Promise<string> {
  return renderSchemaType(schema, 'TracingQuery', TRACING_SCHEMA_FILE, true);
}
