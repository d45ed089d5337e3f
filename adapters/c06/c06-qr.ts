import type { InstanceConfig, QrReference } from '../common/adapter-types';
import { qrParts } from '../common/qr-text';
import { HOLDS_PERSONAL_NUMBER, OPAQUE_ID } from '../common/record-ids';

/**
 * `C06Q:{maKhaiBao}`: the passage's code (opaque). The platform never shows `C06:{soDinhDanh}` (the
 * personal number itself), and the gateway does not accept it either, nor a passage code holding
 * a 12-digit number: a QR must not carry the personal number.
 */
export function recognizeQr(text: string, instance: InstanceConfig): QrReference | undefined {
  const parts = qrParts(text, 'C06Q', [OPAQUE_ID]);
  const code = parts?.[0];
  return code === undefined || HOLDS_PERSONAL_NUMBER.test(code) ? undefined : { instance: instance.name, recordId: code };
}
