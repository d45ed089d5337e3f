import type { InstanceConfig, QrReference } from '../common/adapter-types';
import { qrParts } from '../common/qr-text';

/**
 * `C06Q:{maKhaiBao}`: the passage's code. The platform never shows `C06:{soDinhDanh}` (the
 * personal number itself), and the gateway does not accept it either: a QR must not carry it.
 */
export function recognizeQr(text: string, instance: InstanceConfig): QrReference | undefined {
  const parts = qrParts(text, 'C06Q', [/^C06-\d{2}-\d{8}-\d{6}$/]);
  return parts && { instance: instance.name, recordId: parts[0] as string };
}
