import { oneWayEach } from '../common/lookup-ways';
import { createHttpClient, getJson, memberIs, recordOrNotFound, urlPath } from '../common/http-lookup';
import type { LookupClient, PlatformConnection } from '../common/upstream';

/** 404 `{"message":"Not Found"}` (platforms.md). */
const answer = recordOrNotFound((res) => memberIs(res.body, 'message', 'Not Found'));

/**
 * A SmartCity deployment's reports API, under its city's path: header X-Api-Key; a report by id,
 * or the newest by national id. 404 {"message":"Not Found"}.
 */
export function createSmartcityClient(connection: PlatformConnection, city: string): LookupClient {
  const { credentials } = connection;
  const http = createHttpClient(connection, { 'X-Api-Key': credentials.apiKey ?? '' });
  return {
    close: () => http.close(),
    async byRecord(recordId, _scope, signal) {
      return answer(await getJson(http, urlPath`/${city}/api/reports/${recordId}`, signal));
    },
    // Each of the citizen's documents: the platform files a report under the national id it was made with.
    ways: (subject) => oneWayEach(subject, subject.documents),
    async latest(subject, signal) {
      const document = subject.documents[0];
      if (!document) return { found: false };
      return answer(await getJson(http, urlPath`/${city}/api/reports`, signal, { nationalId: document.value, latest: 'true' }));
    },
  };
}
