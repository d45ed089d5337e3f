/**
 * Venue check-ins and tracing with Redis (issue 9's figures): check-ins per second, single and in
 * NDJSON batches; tracing query p50/p99 for one venue holding 100,000 stays over three days and for
 * a 20-venue query; and check-in p99 while queries for the large venue run.
 * `npm run bench:tracing [-- seconds [stays]]` (defaults 10 s and 100,000 stays).
 */
import { benchGateway, load } from './support';

const seconds = Number(process.argv[2] ?? 10);
const STAYS = Number(process.argv[3] ?? 100_000);
const THREE_DAYS_MS = 3 * 86_400_000;
const BATCH = 10_000;

interface Venue {
  venueId: string;
}

let serial = 0;
/** A check-in of someone the gateway does not know (an unlinked stay): the cheapest subject, and the tracing query returns it all the same. */
function checkinAt(venueId: string, at: Date): string {
  serial += 1;
  return JSON.stringify({
    venue: venueId,
    direction: 'in',
    at: at.toISOString(),
    subject: { identifiers: [{ system: 'vn-cccd', value: `0790${String(serial).padStart(8, '0')}` }] },
    mode: 'staff-scan',
    source: { instance: 'bench', eventId: `ev-${serial}` },
  });
}

async function main(): Promise<void> {
  const { gateway, token, stop } = await benchGateway({ SANDBOX_PLATFORMS: 'off' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (path: string, body: string, contentType = 'application/json'): Promise<Response> => {
    const response = await fetch(`${gateway.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': contentType },
      body,
    });
    // The caller's previous batch frees its admission as its answer ends, a moment after the client has read it.
    if (response.status === 429) {
      await response.text();
      await new Promise((resolve) => setTimeout(resolve, 20));
      return post(path, body, contentType);
    }
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${(await response.text()).slice(0, 300)}`);
    return response;
  };
  const venue = async (name: string): Promise<Venue> =>
    (
      await post('/v1/venues', JSON.stringify({ name, kind: 'permanent', address: { province: 'TP. Hồ Chí Minh', district: 'Quận 6' } }))
    ).json() as Promise<Venue>;
  try {
    const market = await venue('Chợ Bình Tây');
    const small = await Promise.all(Array.from({ length: 20 }, (_, i) => venue(`Cửa hàng số ${i + 1}, Quận 6`)));
    const now = Date.now();
    const from = new Date(now - THREE_DAYS_MS);

    // The market's 100,000 stays over three days, loaded in batches (timed: the batch figure under a growing venue).
    const seedStart = performance.now();
    for (let done = 0; done < STAYS; done += BATCH) {
      const lines = Array.from({ length: Math.min(BATCH, STAYS - done) }, (_, i) =>
        checkinAt(market.venueId, new Date(from.getTime() + ((done + i) * (THREE_DAYS_MS - 60_000)) / STAYS)),
      );
      await (await post('/v1/checkins:batch', `${lines.join('\n')}\n`, 'application/x-ndjson')).text();
    }
    const seedCheckinsPerSecond = Math.round(STAYS / ((performance.now() - seedStart) / 1000));
    // A few stays at each small venue, so the 20-venue query returns something from each.
    for (const v of small)
      await post(
        '/v1/checkins:batch',
        `${Array.from({ length: 50 }, () => checkinAt(v.venueId, new Date(now - 3_600_000))).join('\n')}\n`,
        'application/x-ndjson',
      );

    const single = await load({
      url: `${gateway.baseUrl}/v1/checkins`,
      method: 'POST',
      headers,
      connections: 32,
      duration: seconds,
      requests: [
        { setupRequest: (req) => ({ ...req, body: checkinAt(small[serial % small.length]!.venueId, new Date(Date.now() - 60_000)) }) },
      ],
    });
    const batchSize = 1000;
    const batch = await load({
      url: `${gateway.baseUrl}/v1/checkins:batch`,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-ndjson' },
      // One caller runs one batch at a time (BATCH_MAX_IN_FLIGHT_PER_CALLER): a second connection would be refused.
      connections: 1,
      duration: seconds,
      timeout: 60,
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: Array.from({ length: batchSize }, () =>
              checkinAt(small[serial % small.length]!.venueId, new Date(Date.now() - 60_000)),
            ).join('\n'),
          }),
        },
      ],
    });
    const query = (venues: string[]) =>
      JSON.stringify({
        venues,
        from: from.toISOString(),
        to: new Date(now).toISOString(),
        purpose: 'contact-tracing',
        caseRef: 'BN-2021-HCM-0417',
      });
    const largeQuery = () =>
      load({
        url: `${gateway.baseUrl}/v1/tracing/queries`,
        method: 'POST',
        headers,
        body: query([market.venueId]),
        connections: 2,
        duration: seconds,
        timeout: 60,
      });
    const large = await largeQuery();
    const twenty = await load({
      url: `${gateway.baseUrl}/v1/tracing/queries`,
      method: 'POST',
      headers,
      body: query(small.map((v) => v.venueId)),
      // A process runs 2 tracing queries at once (a third is a 503): the figure is of queries answered.
      connections: 2,
      duration: seconds,
    });
    const [underQuery] = await Promise.all([
      load({
        url: `${gateway.baseUrl}/v1/checkins`,
        method: 'POST',
        headers,
        connections: 16,
        duration: seconds,
        requests: [
          { setupRequest: (req) => ({ ...req, body: checkinAt(small[serial % small.length]!.venueId, new Date(Date.now() - 60_000)) }) },
        ],
      }),
      largeQuery(),
    ]);
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'checkins-and-tracing-http-redis',
          seconds,
          largeVenueStays: STAYS,
          seedBatchesCheckinsPerSecond: seedCheckinsPerSecond,
          checkinSingle: { ...single, checkinsPerSecond: Math.round(single.requests / seconds) },
          checkinBatch: { ...batch, batchSize, checkinsPerSecond: Math.round(((batch.requests - batch.non2xx) * batchSize) / seconds) },
          tracingLargeVenue: large,
          tracingTwentyVenues: twenty,
          checkinWhileLargeQueries: underQuery,
          node: process.version,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
