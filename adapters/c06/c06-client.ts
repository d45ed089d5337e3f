import { createHttpClient, getJson, type HttpAnswer, recordIn, statusError, urlPath } from '../common/http-lookup';
import { UpstreamError, type LookupClient, type LookupResult, type PlatformConnection } from '../common/upstream';
import { c06Signature } from './c06-signature';

/**
 * C06's population-data API: X-Client-Id, a Date header and X-Signature (HMAC over method, path
 * and date) on every request; the newest passage of a personal number, or a passage by its code.
 * Not found is a 200 with {"maLoi":"04","duLieu":null}. The slowest platform, with maintenance windows.
 */
export function createC06Client(connection: PlatformConnection): LookupClient {
  const { credentials } = connection;
  const http = createHttpClient(connection, { 'X-Client-Id': credentials.clientId ?? '' });
  const signed = async (path: string, signal: AbortSignal) => {
    const date = new Date().toUTCString();
    return answer(
      await getJson(http, path, signal, undefined, {
        Date: date,
        'X-Signature': c06Signature(credentials.secret ?? '', 'GET', path, date),
      }),
    );
  };
  return {
    close: () => http.close(),
    async byRecord(recordId, _scope, signal) {
      return signed(urlPath`/dbdc/v1/khai-bao/${recordId}`, signal);
    },
    async latest(subject, signal) {
      const number = subject.documents.find((id) => id.system === 'vn-cccd');
      return number ? signed(urlPath`/dbdc/v1/cong-dan/${number.value}/khai-bao/moi-nhat`, signal) : { found: false };
    },
  };
}

function answer(res: HttpAnswer): LookupResult {
  if (res.status !== 200) throw statusError(res);
  const { maLoi, duLieu } = recordIn(res.body, res.status) as { maLoi?: unknown; duLieu?: unknown };
  if (maLoi === '00') return { found: true, native: recordIn(duLieu, res.status), text: res.text };
  if (maLoi === '04') return { found: false };
  throw new UpstreamError('server-error', `C06 answered error code ${String(maLoi)}`, 200);
}
