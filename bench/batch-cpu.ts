/**
 * `npx tsx bench/batch-cpu.ts [pairs]`: the CPU a record of an NDJSON batch costs Redis and the
 * gateway, each read from its own counters (Redis's `INFO` used_cpu_*, the gateway's /proc times),
 * and Redis's time a record by command (`INFO commandstats`, the write script's commands counted
 * inside its `evalsha`). Pairs of batches of 1,000 new people, two at once (the bench's scenario 5),
 * after four pairs to warm up. The gateway runs through tsx, unpinned: compare runs of this script
 * with each other, not with `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { cpuSeconds } from './cores';
import { newPersonRecord } from './new-person';
import { benchGateway } from './support';

const PAIRS = Number(process.argv[2] ?? 8);
const BATCH = 1000;

/** Redis's CPU seconds and microseconds by command since it started. */
function redisCpu(port: number): { seconds: number; usec: Map<string, number> } {
  const info = spawnSync('redis-cli', ['-p', String(port), 'INFO', 'all'], { encoding: 'utf8' }).stdout;
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  const usec = new Map([...info.matchAll(/cmdstat_([^:]+):calls=\d+,usec=(\d+)/g)].map((m) => [m[1] as string, Number(m[2])]));
  return { seconds: field('used_cpu_user') + field('used_cpu_sys'), usec };
}

async function main(): Promise<void> {
  const { gateway, redis, token, stop } = await benchGateway({ BATCH_MAX_IN_FLIGHT_PER_CALLER: '2' });
  try {
    const port = Number(new URL(redis.url).port);
    const send = async (): Promise<void> => {
      const answer = await fetch(`${gateway.baseUrl}/v1/sources/tokhaiyte/declarations:batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body: Array.from({ length: BATCH }, newPersonRecord).join('\n'),
      });
      const last = (await answer.text()).trimEnd().split('\n').pop() as string;
      const { summary } = JSON.parse(last) as { summary?: { created: number } };
      if (summary?.created !== BATCH) throw new Error(`a batch was not all created: ${last}`);
    };
    for (let i = 0; i < 4; i += 1) await Promise.all([send(), send()]);
    const [redisBefore, gatewayBefore, started] = [redisCpu(port), cpuSeconds(gateway.pid), performance.now()];
    for (let i = 0; i < PAIRS; i += 1) await Promise.all([send(), send()]);
    const [redisAfter, gatewayAfter, seconds] = [redisCpu(port), cpuSeconds(gateway.pid), (performance.now() - started) / 1000];
    const records = PAIRS * 2 * BATCH;
    const micro = (cpuSeconds: number) => ((cpuSeconds * 1e6) / records).toFixed(1);
    console.log(
      `${Math.round(records / seconds)} records/s; CPU a record: Redis ${micro(redisAfter.seconds - redisBefore.seconds)} µs, the gateway ${micro(gatewayAfter - gatewayBefore)} µs`,
    );
    for (const [command, usec] of redisAfter.usec) {
      const spent = usec - (redisBefore.usec.get(command) ?? 0);
      if (spent > 0 && command !== 'info') console.log(`  Redis ${command}: ${(spent / records).toFixed(1)} µs a record`);
    }
  } finally {
    await stop();
  }
}

void main();
