import { firstFound } from '../common/ask-in-turn';
import { createHttpClient, getJson, recordOrNotFound as answer, urlPath } from '../common/http-lookup';
import type { LookupClient, PlatformConnection } from '../common/upstream';

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
    async latest(subject, signal, mayAskAgain) {
      return firstFound(
        subject.documents,
        async (document) =>
          answer(await getJson(http, urlPath`/${city}/api/reports`, signal, { nationalId: document.value, latest: 'true' })),
        signal,
        mayAskAgain,
      );
    },
  };
}
