import { EventEmitter } from 'node:events';
import type { JoinRule } from '../identity/join-citizen';
import type { CallDetail, SourceOutcome } from '../routing/guarded-lookup';
import type { CheckpointStatus } from '../verify/checkpoint-status';

/**
 * What the domain reports as it works. The domain only emits; metrics, the adapters' operational
 * view and anything else subscribe. Every field is from a closed set or a number: no personal data.
 */
export interface GatewayEventMap {
  /** A record reached a decision at ingestion. */
  ingested: [{ instance: string; result: 'created' | 'replayed' | 'refused' | 'conflict'; rule?: JoinRule; reasonCodes?: string[] }];
  /** A checkpoint scan was answered. */
  scanned: [{ status: CheckpointStatus; qrKind: string; venueExposure?: boolean }];
  /** One call to a platform instance ended (all attempts of it); `rejected`: turned away rather than failed (see CallFailure). */
  /** `latencyMs`: the call's whole time, as the scan saw it; `sentMs`: the platform's own, absent when nothing reached it. */
  'adapter-call': [
    { instance: string; outcome: SourceOutcome; latencyMs: number; sentMs?: number; detail?: CallDetail; rejected: boolean },
  ];
  /** A last good answer was served in place of a failed live call. */
  fallback: [{ instance: string }];
  /**
   * A platform was spared a call: a citizen's answer within its freshness window was used
   * (`fresh-cache`), a scan shared another's call in flight (`shared`), or the instance's rate
   * budget for the second was spent (`budget-refused`).
   */
  shielded: [{ instance: string; how: 'fresh-cache' | 'shared' | 'budget-refused' }];
  /** A venue check-in event was answered (`mode` as the event stated it). */
  'checked-in': [{ mode: 'self-scan' | 'staff-scan' | 'unspecified'; result: 'created' | 'replayed' | 'refused' | 'conflict' }];
  /** A stay was closed when written (an `auto` end is computed when read, so never counted here). */
  'stay-closed': [{ outSource: 'manual' | 'next-checkin' | 'inferred' }];
  /** An exposure notice was issued (pending), approved (active) or withdrawn. */
  'notice-changed': [{ status: 'pending' | 'active' | 'withdrawn' }];
  /** A tracing query was answered or refused (`other`: a purpose outside the two, never its text). */
  'tracing-query': [{ purpose: 'contact-tracing' | 'outbreak-investigation' | 'other'; result: 'answered' | 'refused' }];
  /** A query's contacts were read, or refused as not found (unknown, expired, or another caller's). */
  'tracing-contacts': [{ result: 'answered' | 'not-found' }];
  /** A defect in work nobody awaits (a cache write behind a scan): logged, never swallowed. */
  defect: [{ where: string; error: unknown }];
}

export class GatewayEvents extends EventEmitter<GatewayEventMap> {}
