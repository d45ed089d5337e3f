import { FurtherCallRefused, type LookupResult, type MayAskAgain } from './upstream';

/**
 * The most calls one lookup makes: a citizen known by many documents (a CCCD, the CMND before it,
 * passports) never costs a platform more than this, nor a scan more than this one platform's
 * timeout, which covers them all.
 */
export const MAX_CALLS_PER_LOOKUP = 3;

/**
 * The first of `ways` (a citizen's documents, strongest first, then a phone) under which the
 * platform finds a record: each asked in turn, the next only when the one before found nothing. A
 * platform keeps a person's records under the document they were declared with, so a citizen the
 * gateway knows by a CCCD and the CMND before it is found by the CMND where the platform holds only
 * that (asked by the first document alone, such a record answered "not found", and a red kept
 * there was missed). A failed call fails the lookup: nothing is "not found" unless every way was
 * asked. A further call the rate budget refuses ends it as FurtherCallRefused, for the same reason.
 */
export async function firstFound<T>(
  ways: readonly T[],
  ask: (way: T) => Promise<LookupResult>,
  mayAskAgain?: MayAskAgain,
): Promise<LookupResult> {
  const asked = ways.slice(0, MAX_CALLS_PER_LOOKUP);
  for (const [index, way] of asked.entries()) {
    if (index > 0 && mayAskAgain && !(await mayAskAgain())) throw new FurtherCallRefused();
    const result = await ask(way);
    if (result.found) return result;
  }
  return { found: false };
}
