import type { InstanceConfig, QrReference } from '../common/adapter-types';
import { qrParts } from '../common/qr-text';
import { OPAQUE_ID } from '../common/record-ids';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * `NCOVI:{id}`, the record's id (opaque). NCOVI's ids have been lower-case UUIDs, and a UUID is the
 * same in either case (RFC 4122), so one scanned in capitals is looked up in lower case; any other
 * id is kept exactly as written.
 */
export function recognizeQr(text: string, instance: InstanceConfig): QrReference | undefined {
  const parts = qrParts(text, 'NCOVI', [OPAQUE_ID]);
  if (!parts) return undefined;
  const id = parts[0] as string;
  return { instance: instance.name, recordId: UUID.test(id) ? id.toLowerCase() : id };
}
