import type { InstanceConfig } from '../adapters';

/** One platform call of a scan: the instance asked, and the path and query its client sends. */
export interface PlatformLookup {
  instance: string;
  path: string;
}

const enc = encodeURIComponent;

/** The citizens the scan scenarios ask for (issue 12: a citizen on 2-3 platforms); about 56% of the synthetic ones. */
export function onTwoOrThreePlatforms(citizen: { platforms: readonly string[] }): boolean {
  return citizen.platforms.length >= 2 && citizen.platforms.length <= 3;
}

/**
 * The path and query of the `latest` lookup the gateway's client for `instance` sends
 * (adapters/<platform>/<platform>-client.ts) for the citizen a native record of that instance is
 * of, asked by the citizen's CCCD (every synthetic citizen's strongest document) or, for Zalo, its
 * user and official account, for Bluezone its device (once a record joined the citizen, the
 * gateway holds it): the request the simulator answers with that record. Whether these are the gateway's requests is checked at every run: the simulated platforms
 * answer them from an index and count the lookups it did not hold (bench/bench-platforms.ts).
 */
export function latestLookupPath(instance: InstanceConfig, record: unknown): string | undefined {
  const r = record as Record<string, any>;
  switch (instance.platform) {
    case 'tokhaiyte':
      return `/api/v1/to-khai?so_giay_to=${enc(r.so_giay_to)}&moi_nhat=1`;
    case 'ncovi':
      return `/v2/declarations?idNumber=${enc(r.profile.idNumber)}&latest=true`;
    case 'c06':
      return `/dbdc/v1/cong-dan/${enc(r.soDinhDanh)}/khai-bao/moi-nhat`;
    case 'smartcity':
      return `/${enc(instance.city as string)}/api/reports?nationalId=${enc(r.citizen.nationalId)}&latest=true`;
    case 'zalo':
      return `/oa/${enc(r.oa_id)}/forms?zalo_user_id=${enc(r.zalo_user_id)}&latest=1`;
    case 'bluezone':
      return `/api/v3/risk/${enc(r.bluezoneId)}`;
    default:
      return undefined;
  }
}

/** Headers every client sends (adapters/common/http-lookup.ts's createHttpClient). */
const COMMON = { Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate, br', 'User-Agent': 'vnhc-gateway' };

/**
 * The fixed headers of an instance's client, with its credentials; C06's Date and X-Signature
 * change with every request and are made by the caller (c06Signature).
 */
export function lookupHeaders(instance: InstanceConfig): Record<string, string> {
  const credentials = instance.credentials ?? {};
  switch (instance.platform) {
    case 'ncovi':
      return { ...COMMON, Authorization: `Bearer ${credentials.token ?? ''}` };
    case 'c06':
      return { ...COMMON, 'X-Client-Id': credentials.clientId ?? '' };
    default:
      return { ...COMMON, 'X-Api-Key': credentials.apiKey ?? '' };
  }
}
