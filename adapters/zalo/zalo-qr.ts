import type { InstanceConfig, QrReference } from '../common/adapter-types';
import { qrParts } from '../common/qr-text';
import { OPAQUE_ID_WITHOUT_COLON } from '../common/record-ids';

/** `ZLHD:{oa_id}:{submission_id}`: the account is part of the key, as in the lookup path; neither may hold a `:`. */
export function recognizeQr(text: string, instance: InstanceConfig): QrReference | undefined {
  const parts = qrParts(text, 'ZLHD', [OPAQUE_ID_WITHOUT_COLON, OPAQUE_ID_WITHOUT_COLON]);
  return parts && { instance: instance.name, scope: parts[0] as string, recordId: parts[1] as string };
}
