import type { InstanceConfig, QrReference } from '../common/adapter-types';
import { qrParts } from '../common/qr-text';
import { OPAQUE_ID } from '../common/record-ids';

/** `TKYT:{ma_to_khai}`: the declaration's own code (opaque), so the QR names a record, not a person. */
export function recognizeQr(text: string, instance: InstanceConfig): QrReference | undefined {
  const parts = qrParts(text, 'TKYT', [OPAQUE_ID]);
  return parts && { instance: instance.name, recordId: parts[0] as string };
}
