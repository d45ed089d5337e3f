import schema from '../../schemas/exposure-notice.v1.schema.json';
import { renderSchemaType } from './render-canonical-type';

export const NOTICE_SCHEMA_FILE = 'schemas/exposure-notice.v1.schema.json';
export const NOTICE_TYPE_FILE = 'gateway/domain/exposure-notice.ts';

/** Renders the exposure notice types (the notice, the body that issues one, a page of them) from their JSON Schema. */
export function renderNoticeType(): Promise<string> {
  return renderSchemaType(schema, 'ExposureNotice', NOTICE_SCHEMA_FILE, true);
}
