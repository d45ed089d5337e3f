import type { CanonicalDeclaration, Identifier } from '../domain/canonical-declaration';
import { declarationIdFor } from '../domain/declaration-id';
import {
  inCanonicalOrder,
  MAX_SCAN_DECLARATIONS,
  type CitizenProfile,
  type DeclarationsWanted,
  type DeclarationWrite,
  type DeclarationWriteResult,
  type GatewayStore,
  type IdempotencyClaim,
  type IdempotencyState,
  keysToCheck,
  type ScanRead,
  type ScopedId,
  type StoredQr,
  type StoredResponse,
} from './gateway-store';
import type { KeyNames } from './key-names';
import type { RedisCommands, RedisConnection } from './redis-connection';
import { CoalescedCalls } from './coalesced-calls';
import { redisCall } from './redis-failures';
import { SCRIPT_GUARD } from './redis-scripts';
import { StoreUnavailable } from './store-errors';

/**
 * How many replicas must hold a write before it is acknowledged, and how to ask (REDIS_WAIT_REPLICAS;
 * gateway/store/replica-acknowledgement.ts); and whether Redis is one node (scripts may then span
 * slots and save round trips; unsaid, the store keeps to what a cluster allows).
 */
export type Replication = Pick<RedisConnection, 'replicasRequired' | 'waitForReplicas'> & Partial<Pick<RedisConnection, 'singleNode'>>;

const UNREPLICATED: Replication = { replicasRequired: 0, waitForReplicas: async () => 0 };

/**
 * Records written in one single-node script call, at most: a batch's window (gateway/http/batch-ingest.ts,
 * BATCH_WINDOW), so that two batches' windows are two calls and one call never holds Redis long.
 */
const MAX_WRITES_PER_CALL = 32;

/** Reads of one readMany call, at most: a window's (three a record: its source id, its identity key, its phone). */
const MAX_READS_PER_CALL = 96;

/** One read of readMany (redis-scripts.ts): an identity key's owner, a phone's holders, or a source id's declaration with its QR. */
type JoinRead = ['o' | 'h', string] | ['q', string, string];

/** A write script's reply for one record: {created 0|1, stored JSON, QR}, {2, holder}, {3}, {-1} (its inputs refused) or {-2, Redis's error}. */
type WriteReply = [number, string, string];

/** One record's keys and arguments for the single-node write script (redis-scripts.ts, writeIndexedMany). */
interface IndexedWrite {
  keys: string[];
  args: (string | Buffer)[];
}

/**
 * The production store. Key layout (prefix `vnhc:` by default):
 *
 *   idx:{h}                      string  identity key -> citizen id (h: keyed HMAC of the key,
 *                                        gateway/store/key-names.ts: no document number or phone
 *                                        is ever a key name, nor can be guessed from one)
 *   phone:{h}                    set     citizens whose records carried the phone
 *   cit:{citizenId}              hash    createdAt, qr (JSON), qrVersion
 *   cit:{citizenId}:ids|instances          sets    the citizen's identity, kept
 *   cit:{citizenId}:names|births|scoped    sets    learned from declarations: expire with the newest (scoped: a
 *                                        named record's platform ids under its scope, `instance\tscope\tsystem\tvalue`)
 *   cit:{citizenId}:d:{declarationId}      string  declaration JSON, expires at the end of its retention
 *   cit:{citizenId}:timeline     zset    declaration id by declared time; expires with the newest
 *   dcl:{declarationId}          string  "c:<citizenId>" (linked) or "d:<JSON>" (unlinked); expires with it
 *   ver:{declarationId}          zset    a living record's newest versions (Bluezone's device) by declared
 *                                        time, under the id its record has without a version; expires
 *                                        with the latest-ending of them
 *   idem:{h}                     string  "p:<fingerprint>\n<claimant>" in flight, "r:<fingerprint>\n<status>\n<body>" done
 *
 * Everything a citizen-level write touches shares the `{citizenId}` hash tag, so the write is one
 * Lua script on one cluster node, a new citizen's first QR included. Index keys live in their own
 * slots and are written by atomic SET NX before it: a crash between them leaves an index pointing
 * at a citizen still to be written, which the next record of that person completes (under that id).
 * Index keys and phone holders are the citizen's identity and are kept; nothing else outlives the
 * retention of the declarations it came from.
 */
export class RedisStore implements GatewayStore {
  private readonly indexedWrites = new CoalescedCalls<IndexedWrite, WriteReply>(
    (records) => this.writeIndexedGroup(records),
    MAX_WRITES_PER_CALL,
  );

  /** On one node, what joins and replay checks read in one turn (a batch's window) is one script call: readMany. */
  private readonly joinReads = new CoalescedCalls<JoinRead, unknown>(
    (reads) =>
      this.redis.readMany(
        reads.map(([, key]) => key),
        [`${this.prefix}cit:`, ...reads.flatMap(([kind, , id]) => (id === undefined ? [kind] : [kind, id]))],
      ) as Promise<unknown[]>,
    MAX_READS_PER_CALL,
  );

  constructor(
    private readonly redis: RedisCommands,
    private readonly names: KeyNames,
    private readonly prefix = 'vnhc:',
    private readonly replication: Replication = UNREPLICATED,
  ) {}

  ownerOf(identityKey: string): Promise<string | undefined> {
    if (this.replication.singleNode)
      return this.call(async () => ((await this.joinReads.call(['o', this.idx(identityKey)])) as string | null) ?? undefined);
    return this.call(async () => (await this.redis.get(this.idx(identityKey))) ?? undefined);
  }

  claim(identityKey: string, citizenId: string): Promise<string> {
    return this.call(async () => {
      const key = this.idx(identityKey);
      if ((await this.redis.set(key, citizenId, { NX: true })) === 'OK') {
        // A claim lost in a failover would let the person's next record make a second citizen.
        await this.replicated(key);
        return citizenId;
      }
      return (await this.redis.get(key)) ?? this.claim(identityKey, citizenId);
    });
  }

  phoneHolders(phone: string): Promise<string[]> {
    if (this.replication.singleNode) return this.call(async () => (await this.joinReads.call(['h', this.phone(phone)])) as string[]);
    return this.call(() => this.redis.sMembers(this.phone(phone)));
  }

  addPhoneHolder(phone: string, citizenId: string): Promise<void> {
    return this.call(async () => {
      const key = this.phone(phone);
      if ((await this.redis.sAdd(key, citizenId)) > 0) await this.replicated(key);
    });
  }

  /** Removes an identity key's name (the re-indexing under a new key-name secret, once the new name is written). */
  dropIdentityKey(identityKey: string): Promise<void> {
    return this.call(async () => void (await this.redis.del(this.idx(identityKey))));
  }

  dropPhone(phone: string): Promise<void> {
    return this.call(async () => void (await this.redis.del(this.phone(phone))));
  }

  getCitizen(citizenId: string): Promise<CitizenProfile | undefined> {
    return this.call(async () => {
      const k = this.citizenKeys(citizenId);
      const [hash, ids, names, births, instances, scoped] = await Promise.all([
        this.redis.hGetAll(k.citizen),
        this.redis.sMembers(k.ids),
        this.redis.sMembers(k.names),
        this.redis.sMembers(k.births),
        this.redis.sMembers(k.instances),
        this.redis.sMembers(k.scoped),
      ]);
      return profileOf(citizenId, hash, { ids, names, births, instances, scoped });
    });
  }

  writeDeclaration({ declaration, citizen, keepForMs }: DeclarationWrite): Promise<DeclarationWriteResult> {
    // Everything is prepared before the first command: a value that cannot be written is a defect
    // of the caller (a 500), never a half-applied write reported as an outage.
    const json = JSON.stringify(declaration);
    const score = Date.parse(declaration.declaredAt);
    if (!Number.isFinite(score)) throw new TypeError('writeDeclaration: declaredAt is not a time');
    if (!Number.isSafeInteger(keepForMs) || keepForMs < 1)
      throw new TypeError('writeDeclaration: keepForMs is not a positive whole number');
    const pointer = this.dcl(declaration.declarationId);
    // One instant for every key the write sets (redis-scripts.ts says why), by this process's clock:
    // a retention of weeks does not mind the milliseconds between it and Redis's.
    const expiresAt = Date.now() + keepForMs;
    const expiry = { expiration: { type: 'PXAT' as const, value: expiresAt } };
    const { instance, recordId, recordVersion, recordScope } = declaration.source;
    return this.call(async () => {
      // A living record's version joins its versions before it is written: a write that fails
      // after this leaves an id naming nothing, which storedRecord passes over for the next newest.
      if (recordVersion !== undefined) {
        const versions = this.ver(declarationIdFor(instance, recordId, '', recordScope));
        const added = await this.redis.addVersion([versions], [String(score), declaration.declarationId, String(expiresAt)]);
        if (added === 1) await this.replicated(versions);
      }
      if (!citizen) {
        if ((await this.redis.set(pointer, `d:${json}`, { NX: true, ...expiry })) === 'OK') {
          await this.replicated(pointer);
          return { created: true, declaration };
        }
        return { created: false, declaration: (await this.getDeclaration(declaration.declarationId)) as CanonicalDeclaration };
      }
      const claim = `c:${citizen.citizenId}`;
      const { keys = [], phone } = citizen.index ?? {};
      const k = this.citizenKeys(citizen.citizenId);
      const writeKeys = [k.citizen, k.ids, k.names, k.births, k.instances, k.timeline, k.declaration(declaration.declarationId), k.scoped];
      const writeArgs = [
        declaration.declarationId,
        // As UTF-8 bytes, not a string: node-redis joins a command's string arguments into one string
        // before the socket converts it, and a name in Vietnamese made a group's whole command (some
        // 100 KiB) a two-byte string converted character by character (13% of the ingest's CPU).
        Buffer.from(json),
        String(score),
        citizen.createdAt,
        citizen.instance,
        citizen.nameKey ?? '',
        citizen.birthDate ?? '',
        String(expiresAt),
        citizen.firstQr ? JSON.stringify(citizen.firstQr) : '',
        citizen.firstQr ? String(citizen.firstQr.version) : '',
        String(citizen.identifiers.length),
        ...citizen.identifiers.map(toMember),
        ...(citizen.scopedIds ?? []).map(toScopedMember),
      ];
      if (this.replication.singleNode) {
        // One node holds every key: the claims and the write are one script, with the records
        // written in the same turn (one call for a batch's window), and one WAIT for them all.
        // The creation key is one of the record's keys (its strongest): its HMAC is made once.
        // The keys to check (rejoinIfHeld) right after the creation key, as the script reads them.
        const created = citizen.createdUnder;
        const checked = keysToCheck(citizen);
        const ordered = [...checked, ...keys.filter((key) => !checked.includes(key))];
        const named = ordered.map((key) => this.idx(key));
        const indexNames = created ? [named[ordered.indexOf(created)] ?? this.idx(created), ...named] : named;
        const reply = await this.indexedWrites.call({
          keys: [...writeKeys, pointer, ...indexNames, ...(phone ? [this.phone(phone)] : [])],
          args: [
            String(indexNames.length),
            created ? (checked.length > 0 ? `2${checked.length}` : '1') : '0',
            phone ? '1' : '0',
            citizen.citizenId,
            ...writeArgs,
          ],
        });
        if (reply[0] === 2) return { created: false, declaration, heldBy: reply[1] };
        if (reply[0] === 4)
          return { created: false, declaration, indexHeld: { citizenId: reply[1], key: checked[Number(reply[2]) - 1] as string } };
        if (reply[0] !== 3) return resultOf(reply, declaration);
        // The source id is held by another citizen's claim: the steps below tell a stored record
        // from a claim whose writer died (the index is claimed already; claiming again finds it ours).
      } else if (citizen.createdUnder) {
        // A new citizen's key first, alone: the citizen is written only by the record that holds it.
        const holder = await this.claim(citizen.createdUnder, citizen.citizenId);
        if (holder !== citizen.citizenId) return { created: false, declaration, heldBy: holder };
      }
      // The source id is claimed first, atomically: of two different records sent at once under one
      // id (linked to different citizens, so in different slots), one is stored and the other told.
      // The record's index keys and phone are claimed in the same round trip, all before the citizen
      // is written (on a cluster they live in other slots: a script could not hold them).
      const [pointerClaimed, ...holders] = await Promise.all([
        this.redis.set(pointer, claim, { NX: true, ...expiry }),
        ...keys.map((key) => this.claim(key, citizen.citizenId)),
        phone ? this.addPhoneHolder(phone, citizen.citizenId) : undefined,
      ]);
      // A new citizen one of whose rejoinIfHeld keys another holds (on a single node the script told
      // so before any claim stayed): every claim of this write let go, and the record joined again.
      // In other slots than the creation key, so claimed, then let go, in steps: a record of the same
      // person that reads them in between may still join the citizen let go, and write it.
      const checked = keysToCheck(citizen);
      const heldAt = keys.findIndex((key, i) => checked.includes(key) && holders[i] !== citizen.citizenId);
      if (heldAt >= 0) {
        const ours = keys.filter((_, i) => holders[i] === citizen.citizenId);
        await Promise.all([
          ...[citizen.createdUnder as string, ...ours].map((key) => this.redis.releaseIfHeld([this.idx(key)], [citizen.citizenId])),
          pointerClaimed === 'OK' ? this.redis.releaseIfHeld([pointer], [claim]) : undefined,
          phone ? this.redis.sRem(this.phone(phone), citizen.citizenId) : undefined,
        ]);
        return { created: false, declaration, indexHeld: { citizenId: holders[heldAt] as string, key: keys[heldAt] as string } };
      }
      if (pointerClaimed !== 'OK' && (await this.redis.get(pointer)) !== claim) {
        const stored = await this.getDeclaration(declaration.declarationId);
        if (stored) return { created: false, declaration: stored };
        // Claimed by a writer that never wrote (it died between its claim and its script): taken over.
        await this.redis.set(pointer, claim, expiry);
      } else if (pointerClaimed !== 'OK') {
        // This citizen's own claim, left by an attempt that stopped before its script (or whose answer
        // was lost): the write ends when the claim does, not at this attempt's instant, a few
        // milliseconds off it, which would end the pointer before the declaration (redis-scripts.ts).
        const claimEnds = await this.redis.pExpireTime(pointer);
        if (claimEnds > 0) writeArgs[7] = String(claimEnds);
        else await this.redis.set(pointer, claim, expiry);
      }
      const reply = await this.redis.writeDeclaration(writeKeys, writeArgs);
      // One WAIT covers every write this process sent to that node, the source-id claim too when it shares it.
      return this.written(reply as WriteReply, declaration, [k.citizen, pointer]);
    });
  }

  /** writeDeclaration's reply ({created, stored JSON, QR}) as a result, once the nodes written to have their replicas. */
  private async written(reply: WriteReply, declaration: CanonicalDeclaration, writtenTo: string[]): Promise<DeclarationWriteResult> {
    if (reply[0] === 1) await Promise.all(writtenTo.map((key) => this.replicated(key)));
    return resultOf(reply, declaration);
  }

  /**
   * One call of the single-node write script for records written in the same turn, and one WAIT
   * after it when any record claimed or wrote something: a claim of an index key or a phone is
   * waited for even when the record turned out stored already (0) or its source id held (3), since
   * a person's next record relies on it; only a record that wrote nothing (2) needs none. The WAIT
   * covers every record: they went over the node's one connection before it. A record Redis
   * failed midway (-2) may have claimed or written some of its keys, so it asks for the WAIT too,
   * and is answered its own StoreUnavailable (a 503: its retry completes it, redis-scripts.ts).
   */
  private async writeIndexedGroup(records: IndexedWrite[]): Promise<(WriteReply | Error)[]> {
    const keys: string[] = [];
    const args: (string | Buffer)[] = [String(records.length)];
    for (const record of records) {
      keys.push(...record.keys);
      args.push(String(record.keys.length), String(record.args.length), ...record.args);
    }
    const replies = (await this.redis.writeIndexedMany(keys, args)) as WriteReply[];
    const claimed = replies.some((reply) => !WROTE_NOTHING.has(reply[0]));
    const failure = claimed ? await this.replicated(keys[0] as string).then(noFailure, (error: Error) => error) : undefined;
    return replies.map((reply) => {
      if (reply[0] === -1) return new Error(`${SCRIPT_GUARD} writeIndexedMany: bad inputs`);
      if (reply[0] === -2) return new StoreUnavailable(`redis: ${reply[1]}`);
      return WROTE_NOTHING.has(reply[0]) ? reply : (failure ?? reply);
    });
  }

  getDeclaration(declarationId: string): Promise<CanonicalDeclaration | undefined> {
    return this.call(async () => {
      const pointer = await this.redis.get(this.dcl(declarationId));
      if (pointer === null) return undefined;
      if (pointer.startsWith('d:')) return JSON.parse(pointer.slice(2));
      const json = await this.redis.get(this.citizenKeys(pointer.slice(2)).declaration(declarationId));
      return json ? JSON.parse(json) : undefined;
    });
  }

  storedRecord(instance: string, recordId: string, scope?: string): Promise<CanonicalDeclaration | undefined> {
    return this.call(async () => {
      const id = declarationIdFor(instance, recordId, '', scope);
      // Both read at once: the record stored without a version, and a living record's newest versions.
      const [plain, versions] = await Promise.all([this.getDeclaration(id), this.redis.zRange(this.ver(id), 0, -1, { REV: true })]);
      if (plain) return plain;
      // Newest first; a version whose write never happened (or has expired) names nothing.
      for (const version of versions) {
        const stored = await this.getDeclaration(version);
        if (stored) return stored;
      }
      return undefined;
    });
  }

  getDeclarationWithQr(declarationId: string): Promise<{ declaration: CanonicalDeclaration; qr?: StoredQr } | undefined> {
    return this.call(async () => {
      const pointerKey = this.dcl(declarationId);
      if (this.replication.singleNode) {
        const [pointer, json, qr] = (await this.joinReads.call(['q', pointerKey, declarationId])) as string[];
        return withQr(pointer, json, qr);
      }
      const pointer = await this.redis.get(pointerKey);
      if (!pointer?.startsWith('c:')) return withQr(pointer);
      // The declaration and the QR share the citizen's slot: read in one round trip.
      const k = this.citizenKeys(pointer.slice(2));
      const [json, [qr]] = await Promise.all([this.redis.get(k.declaration(declarationId)), this.redis.hmGet(k.citizen, ['qr'])]);
      return withQr(pointer, json, qr);
    });
  }

  latestDeclarations(citizenId: string, limit: number): Promise<CanonicalDeclaration[]> {
    return this.call(async () => {
      const k = this.citizenKeys(citizenId);
      const found = this.replication.singleNode
        ? ((await this.redis.latestDeclarations([k.timeline], [String(limit)])) as string[])
        : await this.declarationsNamed(k.declaration, await this.redis.zRange(k.timeline, 0, limit - 1, { REV: true }));
      return found.map((json) => JSON.parse(json));
    });
  }

  /**
   * One script on the citizen's slot: one command where the profile's reads and the newest
   * declarations were six; on a cluster, the declarations are then read by name (redis-scripts.ts,
   * citizenForScan, says why): two.
   */
  citizenForScan(citizenId: string, wanted: number | DeclarationsWanted, qrVersion?: number): Promise<ScanRead> {
    const { newest: limit, since, atMost = MAX_SCAN_DECLARATIONS } = typeof wanted === 'number' ? { newest: wanted } : wanted;
    return this.call(async () => {
      const k = this.citizenKeys(citizenId);
      const singleNode = this.replication.singleNode === true;
      const [hash, ids, names, births, instances, scoped, newest, more] = (await this.redis.citizenForScan(
        singleNode
          ? [k.citizen, k.ids, k.names, k.births, k.instances, k.timeline, k.scoped]
          : [k.citizen, k.ids, k.names, k.births, k.instances, k.timeline],
        [
          String(limit),
          qrVersion === undefined ? '' : String(qrVersion),
          singleNode ? 'json' : 'ids',
          since === undefined ? '' : String(since),
          String(Math.min(atMost, MAX_SCAN_DECLARATIONS)),
        ],
      )) as [string[], string[], string[], string[], string[], string[], string[] | undefined, number | undefined];
      const fields: Record<string, string> = {};
      for (let i = 0; i + 1 < hash.length; i += 2) fields[hash[i] as string] = hash[i + 1] as string;
      // On a cluster the scoped ids are read beside the declarations, by name, in the same wait (their slot's).
      // Not for a scan answered without declarations (a code not the current one) or with none left
      // (the set ends with them): a wait for nothing.
      const [learned, latest] =
        singleNode || !fields.createdAt || !newest?.length
          ? [scoped, newest]
          : await Promise.all([this.redis.sMembers(k.scoped), this.declarationsNamed(k.declaration, newest)]);
      const profile = profileOf(citizenId, fields, { ids, names, births, instances, scoped: learned });
      if (!latest || !profile) return { profile };
      return { profile, latest: latest.map((json) => JSON.parse(json)), ...(more === 1 ? { more: true as const } : {}) };
    });
  }

  /**
   * The declarations of these ids, in their order, by name: one MGET on the citizen's slot, answered
   * during a reshard only by a node holding all of them, else refused (a 503), where a script
   * reading them unnamed could miss some silently. An id whose declaration has expired is passed
   * over (during a reshard, it makes the read refused: it is missing on both nodes).
   */
  private async declarationsNamed(keyOf: (declarationId: string) => string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const values = await this.redis.mGet(ids.map(keyOf));
    return values.filter((json): json is string => json !== null);
  }

  ensureQr(citizenId: string, candidate: StoredQr): Promise<StoredQr> {
    return this.call(async () => {
      const key = this.citizenKeys(citizenId).citizen;
      const stored = (await this.redis.ensureQr([key], [JSON.stringify(candidate), String(candidate.version)])) as string;
      await this.replicated(key);
      return JSON.parse(stored);
    });
  }

  replaceQr(citizenId: string, expectedVersion: number, next: StoredQr): Promise<StoredQr | undefined> {
    return this.call(async () => {
      const key = this.citizenKeys(citizenId).citizen;
      const reply = await this.redis.replaceQr([key], [String(expectedVersion), JSON.stringify(next), String(next.version)]);
      if (typeof reply !== 'string') return undefined;
      // An acknowledged revocation undone by a failover would make a lost phone's QR valid again.
      await this.replicated(key);
      return JSON.parse(reply) as StoredQr;
    });
  }

  claimIdempotencyKey(claim: IdempotencyClaim, ttlSeconds: number): Promise<IdempotencyState> {
    return this.call(async () => {
      const name = this.idem(claim.key);
      if ((await this.redis.set(name, inFlight(claim), { NX: true, EX: ttlSeconds })) === 'OK') return { state: 'claimed' };
      const value = await this.redis.get(name);
      if (value === null) return this.claimIdempotencyKey(claim, ttlSeconds); // expired in between
      const [head, status, ...body] = value.split('\n');
      if (head?.slice(2) !== claim.fingerprint) return { state: 'mismatch' };
      return value.startsWith('p:')
        ? { state: 'in-flight' }
        : { state: 'completed', response: { status: Number(status), body: body.join('\n') } };
    });
  }

  completeIdempotencyKey(claim: IdempotencyClaim, response: StoredResponse, ttlSeconds: number): Promise<boolean> {
    const kept = `r:${claim.fingerprint}\n${response.status}\n${response.body}`;
    return this.call(
      async () => (await this.redis.completeIfHeld([this.idem(claim.key)], [inFlight(claim), kept, String(ttlSeconds)])) === 1,
    );
  }

  abandonIdempotencyClaim(claim: IdempotencyClaim): Promise<void> {
    return this.call(async () => void (await this.redis.releaseIfHeld([this.idem(claim.key)], [inFlight(claim)])));
  }

  renewIdempotencyClaim(claim: IdempotencyClaim, ttlSeconds: number): Promise<boolean> {
    return this.call(async () => (await this.redis.renewIfHeld([this.idem(claim.key)], [inFlight(claim), String(ttlSeconds)])) === 1);
  }

  ping(): Promise<void> {
    return this.call(async () => void (await this.redis.exists(`${this.prefix}ping`)));
  }

  async close(): Promise<void> {}

  /**
   * Waits for REDIS_WAIT_REPLICAS replicas of the node owning `key` to hold what was written to it;
   * fewer in time is a 503: the write stands on the primary, so the client's retry is a replay.
   */
  private async replicated(key: string): Promise<void> {
    const { replicasRequired } = this.replication;
    if (replicasRequired === 0) return;
    const acknowledged = await this.replication.waitForReplicas(key);
    if (acknowledged < replicasRequired)
      throw new StoreUnavailable(`redis: ${acknowledged} of ${replicasRequired} replicas acknowledged the write in time`);
  }

  /** Redis failing is the store being unavailable: a 503, not a 500 (gateway/store/redis-failures.ts). */
  private call<T>(operation: () => Promise<T>): Promise<T> {
    return redisCall(operation);
  }

  private idx(identityKey: string): string {
    return `${this.prefix}idx:{${this.names.of(identityKey)}}`;
  }

  private phone(phone: string): string {
    return `${this.prefix}phone:{${this.names.of(phone)}}`;
  }

  private dcl(declarationId: string): string {
    return `${this.prefix}dcl:{${declarationId}}`;
  }

  private ver(declarationId: string): string {
    return `${this.prefix}ver:{${declarationId}}`;
  }

  private idem(key: string): string {
    return `${this.prefix}idem:{${this.names.of(key)}}`;
  }

  private citizenKeys(citizenId: string) {
    const base = `${this.prefix}cit:{${citizenId}}`;
    return {
      citizen: base,
      ids: `${base}:ids`,
      names: `${base}:names`,
      births: `${base}:births`,
      instances: `${base}:instances`,
      timeline: `${base}:timeline`,
      scoped: `${base}:scoped`,
      declaration: (declarationId: string) => `${base}:d:${declarationId}`,
    };
  }
}

const noFailure = (): undefined => undefined;

/** writeIndexedMany's replies of a record that claimed and wrote nothing (a lost creation key, an index key held, bad inputs): no WAIT for it. */
const WROTE_NOTHING: ReadonlySet<unknown> = new Set([2, 4, -1]);

/** A write script's reply as a result: the declaration written (1), or the one stored already (0), and the citizen's QR. */
function resultOf(reply: WriteReply, declaration: CanonicalDeclaration): DeclarationWriteResult {
  const qr = reply[2] ? (JSON.parse(reply[2]) as StoredQr) : undefined;
  return { created: reply[0] === 1, declaration: reply[0] === 1 ? declaration : JSON.parse(reply[1]), ...(qr ? { qr } : {}) };
}

/** A source id's pointer, its linked declaration and its citizen's QR as read, as getDeclarationWithQr answers. */
function withQr(
  pointer: string | null | undefined,
  json?: string | null,
  qr?: string | null,
): { declaration: CanonicalDeclaration; qr?: StoredQr } | undefined {
  if (!pointer) return undefined;
  if (pointer.startsWith('d:')) return { declaration: JSON.parse(pointer.slice(2)) };
  if (!json) return undefined;
  return { declaration: JSON.parse(json), ...(qr ? { qr: JSON.parse(qr) as StoredQr } : {}) };
}

/** A citizen's profile from its hash and sets as read; undefined when the hash holds no creation time (no such citizen). */
function profileOf(
  citizenId: string,
  hash: Record<string, string>,
  { ids, names, births, instances, scoped }: { ids: string[]; names: string[]; births: string[]; instances: string[]; scoped: string[] },
): CitizenProfile | undefined {
  if (!hash.createdAt) return undefined;
  return inCanonicalOrder({
    citizenId,
    createdAt: hash.createdAt,
    identifiers: ids.map(fromMember),
    nameKeys: names,
    birthDates: births,
    instances,
    ...(scoped.length > 0 && { scopedIds: scoped.map(fromScopedMember) }),
    ...(hash.qr ? { qr: JSON.parse(hash.qr) as StoredQr } : {}),
  });
}

const toMember = ({ system, value }: Identifier): string => `${system}\t${value}`;
const fromMember = (member: string): Identifier => {
  const [system, value] = member.split('\t');
  return { system: system as Identifier['system'], value: value as string };
};
/** A scoped id (`cit:{…}:scoped`) as instance, scope, system and value: none holds a tab (canonical-input.ts refuses control characters). */
const toScopedMember = ({ instance, scope, id }: ScopedId): string => `${instance}\t${scope}\t${toMember(id)}`;
const fromScopedMember = (member: string): ScopedId => {
  const [instance, scope, system, value] = member.split('\t') as [string, string, string, string];
  return { instance, scope, id: { system: system as Identifier['system'], value } };
};

/** An in-flight claim's value: its request's fingerprint (what a replay is matched by), then the claimant's name. */
function inFlight({ fingerprint, claimant }: IdempotencyClaim): string {
  return `p:${fingerprint}\n${claimant}`;
}
