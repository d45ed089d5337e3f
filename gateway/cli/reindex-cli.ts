/**
 * `npm run -s reindex`: moves every Redis key name made from personal data from REDIS_KEY_SECRET_OLD
 * to REDIS_KEY_SECRET (a leaked or rotated key-name secret). Stop the gateways (or hold writes)
 * first, run this, then start them with the new REDIS_KEY_SECRET. Safe to run again if interrupted.
 */
import { loadReindexConfig } from '../config';
import { KeyNames } from '../store/key-names';
import { connectRedis } from '../store/redis-connection';
import { reindexKeyNames } from '../store/reindex-key-names';

async function main(): Promise<void> {
  const { redis, oldKeyNameSecret } = loadReindexConfig();
  const connection = await connectRedis({ ...redis, commandTimeoutMs: Math.max(redis.commandTimeoutMs, 5000) }, (error) =>
    process.stderr.write(`redis: ${error.message}\n`),
  );
  try {
    // A maintenance command waits for its Redis, however late, and is refused with the gateway's reasons.
    await connection.connected;
    const report = await reindexKeyNames(
      connection,
      redis.keyPrefix ?? 'vnhc:',
      new KeyNames(oldKeyNameSecret),
      new KeyNames(redis.keyNameSecret),
    );
    process.stdout.write(`re-indexed ${report.citizens} citizens: ${report.identityKeys} identity keys, ${report.phones} phones\n`);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reindex: ${(error as Error).message}\n`);
  process.exit(1);
});
