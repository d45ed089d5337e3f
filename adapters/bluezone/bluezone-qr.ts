import type { InstanceConfig, QrReference } from '../common/adapter-types';
import { qrParts } from '../common/qr-text';
import { OPAQUE_ID } from '../common/record-ids';

/** `BZ:{bluezoneId}`: a device, looked up by its id (opaque, in either case). */
export function recognizeQr(text: string, instance: InstanceConfig): QrReference | undefined {
  const parts = qrParts(text, 'BZ', [OPAQUE_ID]);
  return parts && { instance: instance.name, recordId: parts[0] as string };
}
