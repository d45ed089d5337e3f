import { LookupUnfinished, type LookupResult, type MayAskAgain } from './upstream';

/**
 * The most calls one lookup attempt makes: a citizen given many documents (by partners that may
 * add any) never costs a platform more than this. The attempt's one timeout covers them all, and a
 * retry after a failure asks again from the first.
 */
export const MAX_CALLS_PER_LOOKUP = 3;

/**
 * The first of `ways` (a citizen's documents, those the platform's own records carried first, then
 * the strongest) under which the platform finds a record: each asked in turn, the next only when
 * the one before found nothing. A platform keeps a person's records under the document they were
 * declared with, so a citizen the gateway knows by a CCCD and the CMND before it is found by the
 * CMND where the platform holds only that (asked by the first document alone, such a record
 * answered "not found", and a red kept there was missed). Nothing is "not found" unless every way
 * was asked: a failed call fails the lookup, and a lookup that must stop with ways left (the rate
 * budget refuses its next call, or MAX_CALLS_PER_LOOKUP are spent) ends as LookupUnfinished. A
 * lookup already cancelled takes nothing more from the budget: its next call fails at once.
 */
export async function firstFound<T>(
  ways: readonly T[],
  ask: (way: T) => Promise<LookupResult>,
  signal: AbortSignal,
  mayAskAgain?: MayAskAgain,
): Promise<LookupResult> {
  for (const [index, way] of ways.entries()) {
    if (index === MAX_CALLS_PER_LOOKUP) throw new LookupUnfinished('not-all-asked');
    if (index > 0 && mayAskAgain && !signal.aborted && !(await mayAskAgain())) throw new LookupUnfinished('budget-exhausted');
    const result = await ask(way);
    if (result.found) return result;
  }
  return { found: false };
}
