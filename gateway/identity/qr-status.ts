import type { UnifiedQr } from '../qr/unified-qr';
import type { GatewayStore } from '../store/gateway-store';

export type QrStatus =
  | { status: 'valid'; citizenId: string; version: number }
  | { status: 'revoked'; citizenId: string; version: number }
  | { status: 'invalid'; reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'unknown-citizen' };

/**
 * What a scanned unified QR is worth: checked offline first (shape, key, signature), then against
 * the citizen's current version. An older version is revoked (a lost phone, a rotated key), not
 * unknown: the checkpoint then knows the person exists and must show their new code.
 */
export async function unifiedQrStatus(text: string, qr: UnifiedQr, store: GatewayStore): Promise<QrStatus> {
  const check = qr.check(text);
  if (!check.ok) return { status: 'invalid', reason: check.reason };
  const { citizenId, version } = check.claims;
  const current = (await store.getCitizen(citizenId))?.qr;
  if (!current) return { status: 'invalid', reason: 'unknown-citizen' };
  return version < current.version ? { status: 'revoked', citizenId, version } : { status: 'valid', citizenId, version };
}
