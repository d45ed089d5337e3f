import { firstFound } from '../common/ask-in-turn';
import { createHttpClient, getJson, recordOrNotFound as answer, urlPath } from '../common/http-lookup';
import type { LookupClient, PlatformConnection } from '../common/upstream';

/**
 * Bluezone's risk API: header X-Api-Key; a device by its id, or by phone (digits without +).
 * 404 with an empty body is "unknown device". The least reliable platform: bursts of 500s.
 */
export function createBluezoneClient(connection: PlatformConnection): LookupClient {
  const { credentials } = connection;
  const http = createHttpClient(connection, { 'X-Api-Key': credentials.apiKey ?? '' });
  return {
    close: () => http.close(),
    async byRecord(recordId, _scope, signal) {
      return answer(await getJson(http, urlPath`/api/v3/risk/${recordId}`, signal));
    },
    // By each of the citizen's devices; by phone only for a citizen without one (a phone may be a family's).
    async latest(subject, signal, mayAskAgain) {
      const devices = subject.platformIds.filter((id) => id.system === 'bluezone');
      const ways: [string, Record<string, string>?][] =
        devices.length > 0
          ? devices.map((device) => [urlPath`/api/v3/risk/${device.value}`])
          : subject.phones.map((phone) => ['/api/v3/risk', { phone: phone.replace('+', '') }]);
      return firstFound(ways, async ([path, query]) => answer(await getJson(http, path, signal, query)), signal, mayAskAgain);
    },
  };
}
