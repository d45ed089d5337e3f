import type { InstanceConfig, QrReference } from '../common/adapter-types';
import { qrParts } from '../common/qr-text';

/** `BZ:{bluezoneId}`: a device, looked up by its id. */
export function recognizeQr(text: string, instance: InstanceConfig): QrReference | undefined {
  const parts = qrParts(text, 'BZ', [/^[A-Z0-9]{6,32}$/]);
  return parts && { instance: instance.name, recordId: parts[0] as string };
}
