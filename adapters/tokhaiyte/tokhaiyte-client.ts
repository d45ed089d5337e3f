import { oneWayEach } from '../common/lookup-ways';
import { createHttpClient, getJson, memberIs, recordOrNotFound, urlPath } from '../common/http-lookup';
import type { LookupClient, PlatformConnection } from '../common/upstream';

/** 404 `{"loi":"KHONG_TIM_THAY"}` (platforms.md). */
const answer = recordOrNotFound((res) => memberIs(res.body, 'loi', 'KHONG_TIM_THAY'));

/**
 * The Ministry of Health's lookup API: header X-Api-Key; a declaration by its code, or the newest
 * by document number. 404 {"loi":"KHONG_TIM_THAY"} is "no such record"; under load it answers 503
 * with Retry-After.
 */
export function createTokhaiyteClient(connection: PlatformConnection): LookupClient {
  const { credentials } = connection;
  const http = createHttpClient(connection, { 'X-Api-Key': credentials.apiKey ?? '' });
  return {
    close: () => http.close(),
    async byRecord(recordId, _scope, signal) {
      return answer(await getJson(http, urlPath`/api/v1/to-khai/${recordId}`, signal));
    },
    // Each of the citizen's documents: the platform files a declaration under the one it was made with.
    ways: (subject) => oneWayEach(subject, subject.documents),
    async latest(subject, signal) {
      const document = subject.documents[0];
      if (!document) return { found: false };
      return answer(await getJson(http, '/api/v1/to-khai', signal, { so_giay_to: document.value, moi_nhat: 1 }));
    },
  };
}
