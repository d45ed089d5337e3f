import { filedPhones, oneWayEach, phoneIds } from '../common/lookup-ways';
import { createHttpClient, getJson, type HttpAnswer, memberIs, notFoundIf, recordIn, statusError, urlPath } from '../common/http-lookup';
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
    // Each document; a phone where the citizen has none, or where NCOVI filed their records under it
    // (declared with a phone alone). Not every phone: a phone may be a family's.
    ways: (subject) =>
      oneWayEach(subject, [...subject.documents, ...(subject.documents.length > 0 ? filedPhones(subject) : phoneIds(subject.phones))]),
    async latest(subject, signal) {
      const document = subject.documents[0];
      const phone = subject.phones[0];
      if (document) return answer(await getJson(http, '/v2/declarations', signal, { idNumber: document.value, latest: 'true' }));
      if (phone) return answer(await getJson(http, '/v2/declarations', signal, { phone, latest: 'true' }));
      return { found: false };
    },
  };
}

function answer(res: HttpAnswer): LookupResult {
  if (res.status === 200) {
    const data = (recordIn(res.body, res.status) as { data?: unknown }).data;
    if (data === undefined) throw new UpstreamError('malformed', 'NCOVI answered 200 without data', 200);
    return { found: true, native: recordIn(data, res.status), text: res.text };
  }
  // 404 `{"error":"not_found"}` (platforms.md): any other 404 is NCOVI failing, not the person having no record.
  if (res.status === 404) return notFoundIf(memberIs(res.body, 'error', 'not_found'), res);
  throw statusError(res);
}
