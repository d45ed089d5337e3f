import { oneWayEach, phoneIds } from '../common/lookup-ways';
import { createHttpClient, getJson, recordOrNotFound, urlPath } from '../common/http-lookup';
import type { LookupClient, PlatformConnection } from '../common/upstream';

/** 404 with an empty body (platforms.md). */
const answer = recordOrNotFound((res) => res.text.trim() === '');

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
    // Each of the citizen's devices (each its own risk level); the phone only for a citizen with no device known.
    ways: (subject) => {
      const devices = subject.platformIds.filter((id) => id.system === 'bluezone');
      return oneWayEach(subject, devices.length > 0 ? devices : phoneIds(subject.phones));
    },
    async latest(subject, signal) {
      const device = subject.platformIds.find((id) => id.system === 'bluezone');
      if (device) return answer(await getJson(http, urlPath`/api/v3/risk/${device.value}`, signal));
      const phone = subject.phones[0];
      if (!phone) return { found: false };
      return answer(await getJson(http, '/api/v3/risk', signal, { phone: phone.replace('+', '') }));
    },
  };
}
