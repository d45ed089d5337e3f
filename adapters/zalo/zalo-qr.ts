import type { InstanceConfig, QrReference } from '../common/adapter-types';
import { qrParts } from '../common/qr-text';

/** `ZLHD:{oa_id}:{submission_id}`: the account is part of the key, as in the lookup path. */
export function recognizeQr(text: string, instance: InstanceConfig): QrReference | undefined {
  const parts = qrParts(text, 'ZLHD', [/^[a-z0-9._-]{2,64}$/, /^\d{6,24}$/]);
  return parts && { instance: instance.name, scope: parts[0] as string, recordId: parts[1] as string };
}
