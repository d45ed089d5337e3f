import { indexKeysOf } from '../identity/join-citizen';
import type { KeyNames } from './key-names';
import type { RedisConnection } from './redis-connection';
import { RedisStore } from './redis-store';

export interface ReindexReport {
  citizens: number;
  identityKeys: number;
  phones: number;
}

/** Declarations read per citizen: far more than anyone has. */
const ALL = 100_000;

/**
 * Moves every key name made from personal data from one key-name secret to another (a leaked or
 * rotated REDIS_KEY_SECRET). Key names cannot be read back, so the keys are rebuilt from what each
 * citizen's declarations and identifiers say, exactly as ingestion indexes them; each keeps its owner (or holders)
 * under the old name, and the old name goes once the new one is written. Safe to run again after an
 * interruption. Idempotency keys and last good answers are not moved: they expire by themselves
 * (24 hours, 14 days), and a miss only costs a cache entry or a replay window.
 */
export async function reindexKeyNames(connection: RedisConnection, prefix: string, from: KeyNames, to: KeyNames): Promise<ReindexReport> {
  if (from.of('probe') === to.of('probe')) throw new RangeError('the old and the new key-name secrets are the same: nothing to move');
  const old = new RedisStore(connection.commands, from, prefix);
  const next = new RedisStore(connection.commands, to, prefix);
  const citizenHash = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}cit:\\{(cit_[0-9A-Za-z_-]+)\\}$`);
  const report: ReindexReport = { citizens: 0, identityKeys: 0, phones: 0 };

  for await (const name of connection.scan(`${prefix}cit:{*}`)) {
    const citizenId = citizenHash.exec(name)?.[1];
    if (!citizenId) continue;
    report.citizens += 1;
    // The citizen's identifiers too: once retention has taken every declaration, they are all that is left.
    const identity = { identifiers: (await next.getCitizen(citizenId))?.identifiers ?? [] };
    const declared = (await next.latestDeclarations(citizenId, ALL)).map((declaration) => declaration.subject);
    for (const subject of [...declared, identity]) {
      const { keys, phone } = indexKeysOf(subject);
      for (const key of keys) {
        const owner = await old.ownerOf(key);
        if (owner === undefined) continue;
        await next.claim(key, owner);
        await old.dropIdentityKey(key);
        report.identityKeys += 1;
      }
      // A phone seen again (a family's, or the same person's next record) has no old holders left.
      if (phone) {
        const holders = await old.phoneHolders(phone);
        for (const holder of holders) await next.addPhoneHolder(phone, holder);
        if (holders.length > 0) {
          await old.dropPhone(phone);
          report.phones += 1;
        }
      }
    }
  }
  return report;
}
