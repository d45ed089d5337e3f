import { setImmediate as nextTurn } from 'node:timers/promises';
import type { TracingAnswer } from '../domain/tracing';

/** Stays serialised between two turns of the event loop: about 0.2 MB of JSON, a millisecond or two. */
const STAYS_PER_TURN = 1000;

/**
 * A query's answer as JSON, the same text JSON.stringify gives (its stays last), written a thousand stays at a time
 * with a turn of the event loop between: the answer of a large query (100,000 stays, about 19 MB)
 * took 100 ms or more of one uninterrupted stringify, during which every scan and check-in on the
 * process waited.
 */
export async function tracingAnswerJson(answer: TracingAnswer): Promise<string> {
  const { stays, ...head } = answer;
  const opening = JSON.stringify({ ...head, stays: [] });
  // `{"queryId":…,"citizens":…,"stays":[` then the stays, then `]}`.
  const parts = [opening.slice(0, -2)];
  for (let i = 0; i < stays.length; i += STAYS_PER_TURN) {
    if (i > 0) {
      await nextTurn();
      parts.push(',');
    }
    parts.push(JSON.stringify(stays.slice(i, i + STAYS_PER_TURN)).slice(1, -1));
  }
  parts.push(']}');
  return parts.join('');
}
