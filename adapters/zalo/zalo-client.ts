import { createHttpClient, getJson, memberIs, recordOrNotFound, urlPath } from '../common/http-lookup';
import { UpstreamError, type LookupClient, type LookupSubject, type PlatformConnection } from '../common/upstream';

/** The national "Phòng chống virus Corona" account (platforms.md). */
const NATIONAL_ACCOUNT = 'phongchongcorona';

/** 404 `{"error":-201,"message":"not found"}` (platforms.md). */
const answer = recordOrNotFound((res) => memberIs(res.body, 'error', -201));

/**
 * Zalo's official-account forms API: header X-Api-Key; a submission by account and id, or the
 * newest of a Zalo user on an account. 404 {"error":-201}; past 50 requests a second per key it
 * answers 429 with Retry-After.
 */
export function createZaloClient(connection: PlatformConnection): LookupClient {
  const { credentials } = connection;
  const http = createHttpClient(connection, { 'X-Api-Key': credentials.apiKey ?? '' });
  return {
    close: () => http.close(),
    async byRecord(recordId, scope, signal) {
      if (!scope) return { found: false };
      return answer(await getJson(http, urlPath`/oa/${scope}/forms/${recordId}`, signal));
    },
    // Under the national account, which every deployment of Zalo's forms has (platforms.md): an
    // account of no meaning might be answered as unknown, and a healthy Zalo shown down.
    probe: async (signal) => answer(await getJson(http, urlPath`/oa/${NATIONAL_ACCOUNT}/forms/HEALTHPROBE000000`, signal)),
    // A user's forms are asked for under an account: without one seen on their forms, nothing can be asked.
    canAsk: (subject) => subject.scopes.length > 0 && subject.platformIds.some((id) => id.system === 'zalo'),
    // Each account the user wrote to, with the user id their forms there carried: a newer red form
    // under one account is not the newest of another (asked under the newest account alone, it was missed).
    ways: (subject) => {
      const ways = new Map<string, LookupSubject>();
      for (const { scope, id } of subject.scopedIds ?? []) {
        const key = `${scope}\n${id.value}`;
        if (id.system === 'zalo' && !ways.has(key)) ways.set(key, { documents: [], phones: [], platformIds: [id], scopes: [scope] });
      }
      // No account paired with a user id the citizen holds (their forms' ids not learned): the newest account seen, as before.
      return ways.size > 0 ? [...ways.values()] : [subject];
    },
    async latest(subject, signal) {
      const user = subject.platformIds.find((id) => id.system === 'zalo');
      // A user's forms live under the account they wrote to: the newest account the gateway saw.
      const account = subject.scopes[0];
      // The router asks canAsk first; a caller that did not is refused as a request that cannot be made.
      if (!user || !account) throw new UpstreamError('bad-request', 'no Zalo account is known to ask this user under');
      return answer(await getJson(http, urlPath`/oa/${account}/forms`, signal, { zalo_user_id: user.value, latest: 1 }));
    },
  };
}
