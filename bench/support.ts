import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { signAccessToken, SCOPES } from '../gateway/auth/access-tokens';
import { loadSandboxConfig } from '../gateway/sandbox/sandbox-config';
import { GatewayProcess } from '../test/support/gateway-process';
import { OwnRedis } from '../test/support/redis';

/**
 * A gateway process on a Redis of the benchmark's own (a redis-server on a free port, AOF off,
 * as a cache-backed production Redis would be tuned for the write path), and a token for it.
 */
export async function benchGateway(
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ gateway: GatewayProcess; redis: OwnRedis; token: string; sandboxDir: string; stop: () => Promise<void> }> {
  const redis = await OwnRedis.start();
  const sandbox = mkdtempSync(join(tmpdir(), 'bench-'));
  const token = benchToken(sandbox);
  const gateway = await GatewayProcess.start({ SANDBOX_DIR: sandbox, REDIS_URL: redis.url, LOG_LEVEL: 'info', ...extraEnv });
  return {
    gateway,
    redis,
    token,
    sandboxDir: sandbox,
    stop: async () => {
      await gateway.stop();
      await redis.stop();
    },
  };
}

/**
 * A day's access token with every scope for the sandbox in `sandboxDir`: HS256 with the sandbox's
 * shared secret, which it accepts beside its identity provider's ES256 (outside production only).
 */
export function benchToken(sandboxDir: string, subject = 'bench'): string {
  return signAccessToken(loadSandboxConfig({ SANDBOX_DIR: sandboxDir }).auth, subject, SCOPES, 24 * 3600);
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** How long autocannon sent requests (requests / durationSeconds: the rate unrounded). */
  durationSeconds: number;
  /** Answers per HTTP status. */
  statusCodes: Record<string, number>;
}

/** Runs autocannon and keeps the figures worth reporting. */
export async function load(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon(options);
  return {
    requests: result.requests.total,
    // Counted over the run, not autocannon's per-sample average: a run may sample every 10 ms (measure.ts).
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    durationSeconds: result.duration,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)])),
  };
}
