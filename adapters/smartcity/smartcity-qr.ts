import type { InstanceConfig, QrReference } from '../common/adapter-types';
import { qrParts } from '../common/qr-text';

/** `SC:{city}:{reportId}`: each deployment recognises only its own city's codes. */
export function recognizeQr(text: string, instance: InstanceConfig): QrReference | undefined {
  const parts = qrParts(text, 'SC', [/^[a-z]{2,32}$/, /^[A-Z]{2,4}-\d{4}-\d{4}-\d{3,8}$/]);
  return parts && parts[0] === instance.city ? { instance: instance.name, recordId: parts[1] as string } : undefined;
}
