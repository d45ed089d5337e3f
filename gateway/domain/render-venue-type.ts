import schema from '../../schemas/venue.v1.schema.json';
import { renderSchemaType } from './render-canonical-type';

export const VENUE_SCHEMA_FILE = 'schemas/venue.v1.schema.json';
export const VENUE_TYPE_FILE = 'gateway/domain/venue.ts';

/** Renders the venue types (the stored venue and its registration) from their JSON Schema. */
export function renderVenueType(): Promise<string> {
  return renderSchemaType(schema, 'Venue', VENUE_SCHEMA_FILE, true);
}
