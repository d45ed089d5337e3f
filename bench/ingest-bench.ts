/**
 * Declarations ingested per second over HTTP with Redis, single records and NDJSON batches, with
 * p50/p99 latency (autocannon as the load generator, a gateway process on its own redis-server).
 * `npm run bench:ingest [-- seconds]`. Every request carries new source records of new people, so
 * each one is mapped, joined (a new citizen: claim, index, write, QR signature) and stored.
 */
import { newPersonRecord as newRecord } from './new-person';
import { benchGateway, load } from './support';

const seconds = Number(process.argv[2] ?? 10);

async function main(): Promise<void> {
  const { gateway, token, stop } = await benchGateway();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  try {
    const single = await load({
      url: `${gateway.baseUrl}/v1/sources/tokhaiyte/declarations`,
      method: 'POST',
      headers,
      connections: 32,
      duration: seconds,
      requests: [{ setupRequest: (req) => ({ ...req, body: newRecord() }) }],
    });
    const batchSize = 1000;
    const batch = await load({
      url: `${gateway.baseUrl}/v1/sources/tokhaiyte/declarations:batch`,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-ndjson' },
      connections: 2,
      duration: seconds,
      timeout: 60,
      requests: [{ setupRequest: (req) => ({ ...req, body: Array.from({ length: batchSize }, newRecord).join('\n') }) }],
    });
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'ingest-http-redis',
          seconds,
          single: { ...single, declarationsPerSecond: Math.round(single.requests / seconds) },
          batch: { ...batch, batchSize, declarationsPerSecond: Math.round((batch.requests * batchSize) / seconds) },
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
