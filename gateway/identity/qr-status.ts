import type { QrCheckFailure, UnifiedQr } from '../qr/unified-qr';
import type { GatewayStore, StoredQr } from '../store/gateway-store';

/**
 * Why a unified QR is invalid: an offline failure, or, against the store: `unknown-citizen`;
 * `bad-version` (a version newer than the one issued: never issued, so forged with a published key);
 * `not-issued` (the current version, but another key or another signature than the code issued).
 */
export type QrInvalidReason = QrCheckFailure | 'unknown-citizen' | 'bad-version' | 'not-issued';

export type QrStatus =
  | { status: 'valid'; citizenId: string; version: number }
  | { status: 'revoked'; citizenId: string; version: number }
  | { status: 'invalid'; reason: QrInvalidReason };

/**
 * What a scanned unified QR is worth: checked offline (shape, key, claims, retirement; its
 * signature once the store was read, see unifiedQrStatusReading), then against the citizen's
 * current code. Only that exact code is valid. An older version is revoked (a lost phone, a rotated
 * key), not unknown: the checkpoint then knows the person exists and must show their new code.
 * Anything else names a version or key the gateway never issued.
 */
export async function unifiedQrStatus(text: string, qr: UnifiedQr, store: GatewayStore): Promise<QrStatus> {
  return (await unifiedQrStatusReading(text, qr, (citizenId) => store.getCitizen(citizenId))).status;
}

/**
 * The same, reading the citizen with `read` and handing back what it read, so that a caller that
 * goes on with the citizen (a scan) reads it once, with whatever else it needs in the same round trip.
 * `read` is told the version the code claims, so that it may leave out what only the citizen's
 * current code needs, and whether its signature is known good already (see DeferredQrCheck).
 * Nothing is read for a code whose shape, key or claims fail offline; its signature is verified
 * after the read, unless it is the very code issued for that version (see
 * UnifiedQr.checkDeferred), and nothing read is handed back for a code whose signature fails.
 */
export async function unifiedQrStatusReading<T extends { qr?: StoredQr }>(
  text: string,
  qr: UnifiedQr,
  read: (citizenId: string, version: number, signed: boolean) => Promise<T | undefined>,
): Promise<{ status: QrStatus; read?: T }> {
  const check = qr.checkDeferred(text);
  if (!check.ok) return { status: { status: 'invalid', reason: check.reason } };
  const { citizenId, version } = check.claims;
  let citizen: T | undefined;
  try {
    citizen = await read(citizenId, version, check.signed);
  } catch (error) {
    // The store not answering must not make a forged code a 503: its signature is judged without it.
    const signed = check.confirm(undefined);
    if (!signed.ok) return { status: { status: 'invalid', reason: signed.reason } };
    throw error;
  }
  const current = citizen?.qr;
  const signed = check.confirm(current?.version === version ? current.text : undefined);
  if (!signed.ok) return { status: { status: 'invalid', reason: signed.reason } };
  return { status: statusAgainst(text, citizenId, version, current), read: citizen };
}

function statusAgainst(text: string, citizenId: string, version: number, current: StoredQr | undefined): QrStatus {
  if (!current) return { status: 'invalid', reason: 'unknown-citizen' };
  if (version < current.version) return { status: 'revoked', citizenId, version };
  if (version > current.version) return { status: 'invalid', reason: 'bad-version' };
  // A version has one code, the stored one: its key (current.kid) and its one low-S signature are in its text.
  if (text.trim() !== current.text) return { status: 'invalid', reason: 'not-issued' };
  return { status: 'valid', citizenId, version };
}
