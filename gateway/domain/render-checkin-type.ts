import schema from '../../schemas/checkin.v1.schema.json';
import { renderSchemaType } from './render-canonical-type';

export const CHECKIN_SCHEMA_FILE = 'schemas/checkin.v1.schema.json';
export const CHECKIN_TYPE_FILE = 'gateway/domain/checkin.ts';

/** Renders the check-in types (the stay answered, the event taken, the stay stored) from their JSON Schema. */
export function renderCheckinType(): Promise<string> {
  return renderSchemaType(schema, 'Stay', CHECKIN_SCHEMA_FILE, true);
}
