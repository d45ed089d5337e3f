/** A notice is kept at least this long after its window ends: the checkpoint policy's default 14 days after a stay. */
export const NOTICE_RETENTION_DAYS = 14;

/**
 * How long a notice is kept after its window ends: as long as the policy counts an exposure after a
 * stay (VERIFY_RISK_WINDOW_DAYS), and never less than 14 days. A notice deleted sooner would turn
 * green a close contact the policy still holds red.
 */
export function noticeKeepDays(windowDays: number): number {
  return Math.max(windowDays, NOTICE_RETENTION_DAYS);
}
