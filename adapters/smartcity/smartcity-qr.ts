import type { InstanceConfig, QrReference } from '../common/adapter-types';
import { qrParts } from '../common/qr-text';
import { OPAQUE_ID_WITHOUT_COLON } from '../common/record-ids';

/** `SC:{city}:{reportId}`: each deployment recognises only its own city's codes; the report id is opaque, without `:`. */
export function recognizeQr(text: string, instance: InstanceConfig): QrReference | undefined {
  const parts = qrParts(text, 'SC', [/^[a-z]{2,32}$/, OPAQUE_ID_WITHOUT_COLON]);
  return parts && parts[0] === instance.city ? { instance: instance.name, recordId: parts[1] as string } : undefined;
}
