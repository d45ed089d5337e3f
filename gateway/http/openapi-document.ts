import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { canonicalSchema } from '../domain/canonical-schema';
import { projectPath } from '../project-paths';
import venueSchema from '../../schemas/venue.v1.schema.json';
import checkinSchema from '../../schemas/checkin.v1.schema.json';
import tracingSchema from '../../schemas/tracing.v1.schema.json';
import noticeSchema from '../../schemas/exposure-notice.v1.schema.json';

/**
 * contracts/gateway.openapi.yaml, as served at /openapi.json: read once, with the canonical,
 * venue and check-in schemas embedded where the YAML refers to them by their $id, so the JSON stands alone.
 */
export function loadOpenApiDocument(): Record<string, any> {
  const document = parse(readFileSync(projectPath('contracts', 'gateway.openapi.yaml'), 'utf8'));
  document.components.schemas.CanonicalDeclaration = canonicalSchema;
  document.components.schemas.Venue = venueSchema;
  document.components.schemas.Stay = checkinSchema;
  document.components.schemas.TracingQuery = tracingSchema;
  document.components.schemas.ExposureNotice = noticeSchema;
  return document;
}
