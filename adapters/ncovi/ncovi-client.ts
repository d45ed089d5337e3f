import { firstFound } from '../common/ask-in-turn';
import { createHttpClient, getJson, type HttpAnswer, recordIn, statusError, urlPath } from '../common/http-lookup';
import { UpstreamError, type LookupClient, type LookupResult, type PlatformConnection } from '../common/upstream';

/**
 * NCOVI's lookup API: a bearer token; a declaration by id, or the newest by document number or
 * by phone. 200 {"data": record}, 404 {"error":"not_found"}. It sometimes drops the connection
 * mid-response: a retryable connection failure.
 */
export function createNcoviClient(connection: PlatformConnection): LookupClient {
  const { credentials } = connection;
  const http = createHttpClient(connection, { Authorization: `Bearer ${credentials.token ?? ''}` });
  return {
    close: () => http.close(),
    async byRecord(recordId, _scope, signal) {
      return answer(await getJson(http, urlPath`/v2/declarations/${recordId}`, signal));
    },
    // By each document; by phone only for a citizen without one (a phone may be a family's).
    async latest(subject, signal, mayAskAgain) {
      const ways: Record<string, string>[] =
        subject.documents.length > 0
          ? subject.documents.map((document) => ({ idNumber: document.value }))
          : subject.phones.map((phone) => ({ phone }));
      return firstFound(
        ways,
        async (by) => answer(await getJson(http, '/v2/declarations', signal, { ...by, latest: 'true' })),
        signal,
        mayAskAgain,
      );
    },
  };
}

function answer(res: HttpAnswer): LookupResult {
  if (res.status === 200) {
    const data = (recordIn(res.body, res.status) as { data?: unknown }).data;
    if (data === undefined) throw new UpstreamError('malformed', 'NCOVI answered 200 without data', 200);
    return { found: true, native: recordIn(data, res.status), text: res.text };
  }
  if (res.status === 404) return { found: false };
  throw statusError(res);
}
