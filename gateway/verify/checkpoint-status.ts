import type { CanonicalDeclaration } from '../domain/canonical-declaration';
import { PASSAGE_FLAGS } from '../domain/passage-flags';
import { NO_EXPOSURE, venueExposures, type ExposureInputs } from './venue-exposure';

export type CheckpointStatus = 'green' | 'yellow' | 'red' | 'unknown' | 'invalid';

/** The windows of the default policy (canonical.md); operators can change them (VERIFY_POLICY_* settings). */
export interface CheckpointPolicy {
  riskWindowDays: number;
  symptomWindowDays: number;
  refusalWindowHours: number;
  freshDays: number;
}

export const DEFAULT_POLICY: CheckpointPolicy = { riskWindowDays: 14, symptomWindowDays: 14, refusalWindowHours: 24, freshDays: 7 };

export type ReasonCode =
  | 'risk-f0'
  | 'risk-f1'
  | 'confirmed-case-contact'
  | 'risk-f2'
  | 'symptoms'
  | 'quality-flag'
  | 'refused-at-checkpoint'
  | 'stale-declaration'
  | 'venue-exposure'
  | 'recent-declaration'
  | 'no-record'
  | 'not-a-declaration';

export interface StatusReason {
  code: ReasonCode;
  message: string;
  instance?: string;
  declaredAt?: string;
}

const DAY = 24 * 3600 * 1000;

/**
 * Only the newest version of each versioned source record counts: a Bluezone record updated from F1
 * to NONE is stored as two versions, and the F1 it replaced no longer says anything. (Records without
 * versions are one declaration each: a different record under a stored id is refused.)
 */
function newestVersions(declarations: readonly CanonicalDeclaration[]): CanonicalDeclaration[] {
  const newest = new Map<string, CanonicalDeclaration>();
  const unversioned: CanonicalDeclaration[] = [];
  for (const d of declarations) {
    if (d.source.recordVersion === undefined) {
      unversioned.push(d);
      continue;
    }
    const record = `${d.source.instance}\n${d.source.recordScope ?? ''}\n${d.source.recordId}`;
    const known = newest.get(record);
    if (!known || Date.parse(d.declaredAt) > Date.parse(known.declaredAt)) newest.set(record, d);
  }
  return [...unversioned, ...newest.values()];
}

/**
 * The checkpoint policy, pure: the declarations known of a citizen (stored and fetched), the
 * citizen's stays and the exposure notices in force, the time now, and the windows; out, one status
 * and every reason for it. Red beats yellow beats green; every reason of the winning colour and
 * below is listed, so an officer sees the whole picture. A venue exposure counts even for a citizen
 * with no declaration: a close contact is red whatever was declared.
 */
export function checkpointStatus(
  found: readonly CanonicalDeclaration[],
  now: Date,
  policy: CheckpointPolicy = DEFAULT_POLICY,
  exposure: ExposureInputs = NO_EXPOSURE,
): { status: CheckpointStatus; reasons: StatusReason[] } {
  const red: StatusReason[] = [];
  const yellow: StatusReason[] = [];
  for (const { level, message } of venueExposures(exposure, now, policy.riskWindowDays))
    (level === 'close-contact' ? red : yellow).push({ code: 'venue-exposure', message });
  // A community report (SmartCity's COVID_REPORT) is a citizen's report about someone else: it says
  // nothing of whoever shows its code. Weighed, its symptoms made the reporter yellow.
  const given = found.filter((d) => d.kind !== 'community-report');
  if (given.length === 0) {
    const noRecord: StatusReason =
      found.length > 0
        ? { code: 'not-a-declaration', message: 'the code names a report about someone else, which says nothing of its holder' }
        : { code: 'no-record', message: 'no declaration was found on any platform or in the gateway' };
    if (red.length > 0) return { status: 'red', reasons: [...red, ...yellow, noRecord] };
    if (yellow.length > 0) return { status: 'yellow', reasons: [...yellow, noRecord] };
    return { status: 'unknown', reasons: [noRecord] };
  }
  const declarations = newestVersions(given);
  const at = now.getTime();
  const since = (time: string, ms: number) => at - Date.parse(time) <= ms;
  const within = (d: CanonicalDeclaration, ms: number) => since(d.declaredAt, ms);
  const reason = (code: ReasonCode, message: string, d: CanonicalDeclaration): StatusReason => ({
    code,
    message,
    instance: d.source.instance,
    declaredAt: d.declaredAt,
  });

  for (const d of declarations) {
    const risk = d.health?.riskLevel;
    // F1 and F2 are contacts: their window runs from the contact where the platform gives it
    // (Bluezone's lastContactAt), not from the last time the record was touched.
    const riskFrom = (risk === 'F1' || risk === 'F2') && d.health?.lastContactAt ? d.health.lastContactAt : d.declaredAt;
    if (since(riskFrom, policy.riskWindowDays * DAY)) {
      if (risk === 'F0') red.push(reason('risk-f0', `confirmed case (F0) within ${policy.riskWindowDays} days`, d));
      if (risk === 'F1') red.push(reason('risk-f1', `close contact of a case (F1) within ${policy.riskWindowDays} days`, d));
      if (risk === 'F2') yellow.push(reason('risk-f2', `contact of an F1 (F2) within ${policy.riskWindowDays} days`, d));
    }
    if (within(d, policy.riskWindowDays * DAY)) {
      if (d.health?.exposures?.includes('confirmed-case'))
        red.push(reason('confirmed-case-contact', `declared contact with a confirmed case within ${policy.riskWindowDays} days`, d));
      // `unlinked` says nothing of the person; a refusal, and a passage accepted with a refusal's
      // reason, have the refusal's window (refusalWindowHours, below), which the 14 days of a
      // quality flag would otherwise overrule: a doubtful acceptance yellow longer than a refusal.
      const flags = d.quality.flags.filter((f) => f !== 'unlinked' && !PASSAGE_FLAGS.has(f));
      if (flags.length > 0) yellow.push(reason('quality-flag', `the record is flagged: ${flags.join(', ')}`, d));
    }
    if (within(d, policy.symptomWindowDays * DAY) && (d.health?.symptoms?.length ?? 0) > 0) {
      yellow.push(reason('symptoms', `declared symptoms within ${policy.symptomWindowDays} days: ${d.health!.symptoms!.join(', ')}`, d));
    }
    if (within(d, policy.refusalWindowHours * 3600 * 1000)) {
      // The officer's free-text reason ("CCCD … does not match …") may hold personal data: not repeated.
      if (d.checkpoint?.decision === 'refused')
        yellow.push(reason('refused-at-checkpoint', `refused at a checkpoint within ${policy.refusalWindowHours} hours`, d));
      else if (d.quality.flags.includes('checkpoint-decision-unclear'))
        yellow.push(
          reason(
            'quality-flag',
            `the record is flagged: checkpoint-decision-unclear (accepted at a checkpoint with a refusal's reason within ${policy.refusalWindowHours} hours)`,
            d,
          ),
        );
    }
  }

  // Freshness counts health declarations and passages; an exposure status from a tracing app is not a declaration.
  const declared = declarations.filter((d) => d.kind === 'domestic' || d.kind === 'movement');
  const newest = declared.reduce<CanonicalDeclaration | undefined>(
    (a, d) => (!a || Date.parse(d.declaredAt) > Date.parse(a.declaredAt) ? d : a),
    undefined,
  );
  const fresh = newest !== undefined && within(newest, policy.freshDays * DAY);
  if (!fresh)
    yellow.push(
      newest
        ? reason('stale-declaration', `the newest declaration is older than ${policy.freshDays} days`, newest)
        : { code: 'stale-declaration', message: 'no health declaration, only exposure statuses' },
    );

  if (red.length > 0) return { status: 'red', reasons: [...red, ...yellow] };
  if (yellow.length > 0) return { status: 'yellow', reasons: yellow };
  return {
    status: 'green',
    reasons: [reason('recent-declaration', `declared within ${policy.freshDays} days, nothing of concern`, newest as CanonicalDeclaration)],
  };
}
