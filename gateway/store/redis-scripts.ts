import { defineScript } from 'redis';
import type { CommandParser } from '@redis/client/dist/lib/client/parser';

/**
 * Lua scripts for the writes that must be atomic. Every key a script touches carries the same
 * hash tag (the citizen's id), so each runs on one node of a Redis Cluster, as one step; the two
 * marked no-cluster span slots and are sent only to a single node, to save round trips.
 */
function script(source: string) {
  return defineScript({
    SCRIPT: source,
    // No NUMBER_OF_KEYS: each call gives its keys, so the count goes first (EVALSHA sha numkeys key... arg...).
    parseCommand(parser: CommandParser, keys: string[], args: string[]) {
      parser.push(String(keys.length));
      for (const key of keys) parser.pushKey(key);
      for (const arg of args) parser.push(arg);
    },
    transformReply: (reply: unknown) => reply,
  });
}

/** The error a script raises when its inputs are wrong: it checks them all before its first write. */
export const SCRIPT_GUARD = 'VNHC-GUARD';

/**
 * KEYS: citizen, ids, names, births, instances, timeline, declaration, scoped.
 * ARGV: declId, declaration JSON, timeline score, createdAt, instance, nameKey|'', birthDate|'',
 *       expiresAt (Unix ms), first QR JSON|'', its version|'', the number of identifiers,
 *       identifiers..., scoped ids... (CitizenProfile.scopedIds: learned, as names are)
 * A declaration id already stored is returned as it is ({0, json, qr}); else everything is written
 * in this one step, a citizen not yet stored with its first QR when one is given ({1, '', qr}; qr
 * '' without one).
 *
 * Retention without a sweeper: the declaration expires by itself; the timeline and what the
 * citizen learned only from declarations (names, birth dates, scoped ids) live as long as the newest of them,
 * every key at the one instant `expiresAt` (PXAT, not PX: keys set a millisecond apart with the
 * same PX ended a millisecond apart, and a reader between saw the source id gone but its
 * declaration still in the citizen's timeline),
 * and timeline entries whose declaration has gone (the oldest, since all are kept equally long)
 * are dropped here. The citizen's hash (createdAt, QR), identifiers and platforms stay.
 */
const WRITE_DECLARATION = `
local function bad_write(KEYS, ARGV)
  local score = tonumber(ARGV[3])
  local at = tonumber(ARGV[8])
  local n = tonumber(ARGV[11])
  return #KEYS ~= 8 or #ARGV < 11 or ARGV[1] == '' or ARGV[2] == '' or not score or score ~= score or score == math.huge or score == -math.huge
    or not at or at < 1 or at ~= math.floor(at) or (ARGV[9] ~= '' and not tonumber(ARGV[10]))
    or not n or n < 0 or n ~= math.floor(n) or #ARGV < 11 + n
end

-- The identifiers (kept) and the scoped ids (learned: they end with the newest declaration); true when scoped ids were added.
local function add_identity(KEYS, ARGV)
  local n = tonumber(ARGV[11])
  if n > 0 then redis.call('SADD', KEYS[2], unpack(ARGV, 12, 11 + n)) end
  if #ARGV <= 11 + n then return false end
  redis.call('SADD', KEYS[8], unpack(ARGV, 12 + n))
  return true
end

local function write_declaration(KEYS, ARGV)
  local score = tonumber(ARGV[3])
  local at = ARGV[8]
  -- A citizen whose hash had no createdAt holds nothing else either: its declarations, timeline
  -- and learned sets are written only here, after this. So a new citizen's write skips what only
  -- a known citizen needs (the stored-already check, the timeline's pruning, reading the ends).
  local fresh = redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[4]) == 1
  if not fresh then
    local existing = redis.call('GET', KEYS[7])
    if existing then return {0, existing, redis.call('HGET', KEYS[1], 'qr') or ''} end
  end
  -- The declaration's own key, what tells a write done (the check above), is set last in both
  -- ways below: a write Redis fails midway (a script is not undone) is then completed by the
  -- record's retry, which finds createdAt and takes the known citizen's way, whose steps repeat
  -- harmlessly; set first, the retry was answered as stored, its timeline entry never written.
  if fresh then
    if ARGV[9] ~= '' then redis.call('HSET', KEYS[1], 'qr', ARGV[9], 'qrVersion', ARGV[10]) end
    redis.call('ZADD', KEYS[6], score, ARGV[1])
    redis.call('PEXPIREAT', KEYS[6], at)
    redis.call('SADD', KEYS[5], ARGV[5])
    if ARGV[6] ~= '' then
      redis.call('SADD', KEYS[3], ARGV[6])
      redis.call('PEXPIREAT', KEYS[3], at)
    end
    if ARGV[7] ~= '' then
      redis.call('SADD', KEYS[4], ARGV[7])
      redis.call('PEXPIREAT', KEYS[4], at)
    end
    if add_identity(KEYS, ARGV) then redis.call('PEXPIREAT', KEYS[8], at) end
    redis.call('SET', KEYS[7], ARGV[2], 'PXAT', at)
    return {1, '', ARGV[9]}
  end
  -- These EXISTS name keys not in KEYS: on a cluster's slot being moved, a script sent on to the new
  -- owner (ASKING) would read a declaration not moved yet as gone and drop it from the timeline for
  -- good. It never runs there: this step is reached only when KEYS[7] (this declaration) does not
  -- exist, and the new owner refuses a script naming a key it lacks (TRYAGAIN); on the old owner a
  -- moved key fails the script.
  local prefix = string.sub(KEYS[7], 1, #KEYS[7] - #ARGV[1])
  for _, gone in ipairs(redis.call('ZRANGE', KEYS[6], 0, 63)) do
    if redis.call('EXISTS', prefix .. gone) == 1 then break end
    redis.call('ZREM', KEYS[6], gone)
  end
  redis.call('ZADD', KEYS[6], score, ARGV[1])
  if ARGV[9] ~= '' and redis.call('HSETNX', KEYS[1], 'qr', ARGV[9]) == 1 then redis.call('HSET', KEYS[1], 'qrVersion', ARGV[10]) end
  redis.call('SADD', KEYS[5], ARGV[5])
  if ARGV[6] ~= '' then redis.call('SADD', KEYS[3], ARGV[6]) end
  if ARGV[7] ~= '' then redis.call('SADD', KEYS[4], ARGV[7]) end
  add_identity(KEYS, ARGV)
  -- The learned sets and the timeline live as long as the newest declaration: an end is moved
  -- later, never earlier (PEXPIREAT GT would not do: it takes a key without an end for one that never ends).
  local at_ms = tonumber(at)
  for _, learned in ipairs({KEYS[3], KEYS[4], KEYS[6], KEYS[8]}) do
    local ends = redis.call('PEXPIRETIME', learned)
    if ends == -1 or (ends >= 0 and ends < at_ms) then redis.call('PEXPIREAT', learned, at) end
  end
  redis.call('SET', KEYS[7], ARGV[2], 'PXAT', at)
  return {1, '', redis.call('HGET', KEYS[1], 'qr') or ''}
end
`;

export const writeDeclaration = script(`${WRITE_DECLARATION}
if bad_write(KEYS, ARGV) then return redis.error_reply('${SCRIPT_GUARD} writeDeclaration: bad inputs') end
return write_declaration(KEYS, ARGV)
`);

/** KEYS: citizen. ARGV: QR JSON, version. Stores the QR unless one exists; returns the stored one. */
export const ensureQr = script(`
if #KEYS ~= 1 or ARGV[1] == nil or ARGV[1] == '' or not tonumber(ARGV[2]) then return redis.error_reply('${SCRIPT_GUARD} ensureQr: bad inputs') end
if redis.call('HSETNX', KEYS[1], 'qr', ARGV[1]) == 1 then redis.call('HSET', KEYS[1], 'qrVersion', ARGV[2]) end
return redis.call('HGET', KEYS[1], 'qr')
`);

/** KEYS: citizen. ARGV: expected version, next QR JSON, next version. Compare-and-set; nil when the version moved. */
export const replaceQr = script(`
if #KEYS ~= 1 or ARGV[2] == nil or ARGV[2] == '' or not tonumber(ARGV[3]) then return redis.error_reply('${SCRIPT_GUARD} replaceQr: bad inputs') end
if redis.call('HGET', KEYS[1], 'qrVersion') ~= ARGV[1] then return nil end
redis.call('HSET', KEYS[1], 'qr', ARGV[2], 'qrVersion', ARGV[3])
return ARGV[2]
`);

/**
 * The newest `limit` declarations of a citizen's timeline, newest first: the declarations' keys are
 * read by name beside the timeline, in its slot (its `{citizenId}` hash tag). Entries whose
 * declaration has expired are the oldest, so they only shorten the tail. Lua, shared by the scripts
 * that read them, with the check of their inputs.
 */
const NEWEST_DECLARATIONS = `
local timeline_suffix = ':timeline'
local function bad_newest(timeline, limit)
  local n = tonumber(limit)
  return string.sub(timeline, -#timeline_suffix) ~= timeline_suffix or not n or n < 1 or n ~= math.floor(n)
end

local function declarations_of(timeline, ids, ids_only)
  if ids_only then return ids end
  local prefix = string.sub(timeline, 1, #timeline - #timeline_suffix) .. ':d:'
  local found = {}
  for _, id in ipairs(ids) do
    local json = redis.call('GET', prefix .. id)
    if json then found[#found + 1] = json end
  end
  return found
end

local function newest_declarations(timeline, limit, ids_only)
  return declarations_of(timeline, redis.call('ZRANGE', timeline, 0, limit - 1, 'REV'), ids_only)
end
`;

/**
 * KEYS: timeline. ARGV: limit. The citizen's newest declarations, newest first, in one round trip
 * (a ZRANGE then a GET of each would be two). Single node only, as citizenForScan's declarations:
 * it reads keys it cannot name in KEYS.
 */
export const latestDeclarations = script(`${NEWEST_DECLARATIONS}
if #KEYS ~= 1 or bad_newest(KEYS[1], ARGV[1]) then return redis.error_reply('${SCRIPT_GUARD} latestDeclarations: bad inputs') end
return newest_declarations(KEYS[1], tonumber(ARGV[1]))
`);

/**
 * What a unified QR scan reads of a citizen, in one step on the citizen's slot (all its keys share
 * the `{citizenId}` hash tag): the hash, the five sets and, as latestDeclarations reads them, the
 * newest declarations (whether to read them is decided from the hash already read). A scan's reads before it asks the platforms were six commands (HGETALL,
 * four SMEMBERS, the latestDeclarations script); this is one.
 * KEYS: citizen, ids, names, births, instances, timeline[, scoped: on one node only; a cluster reads it
 * by itself, since a key that does not exist (most citizens have no scoped ids) is refused by a slot's
 * next owner while the slot moves]. ARGV: limit, the scanned code's version|'',
 * 'json' to read the declarations here (one node), 'ids' for their ids only (a cluster), since
 * (epoch ms)|'', at most. The declarations read are the newest `limit`; when those all lie at or
 * after `since`, every one declared since, at most `at most` (GatewayStore.DeclarationsWanted).
 * Replies {hash as HGETALL's pairs, ids, names, births, instances, scoped ids[, declarations or their ids[, 1
 * when more than `at most` lay within]]}: the declarations are left out for a citizen not stored
 * (no createdAt), and for a code whose version is not the citizen's current QR's (revoked or
 * forged: answered without them).
 *
 * Why ids on a cluster: the declarations' keys are not in KEYS, and while a reshard moves the
 * citizen's slot, a script sent on to the slot's next owner (ASKING, its named keys all there
 * already) reads a declaration not moved yet as missing, without an error: a scan answered without
 * the newest declaration (test/store/cluster-slot-migration.test.ts). Named in an MGET, the read is
 * answered only by a node holding every declaration it names, or refused (ASK, then TRYAGAIN).
 */
export const citizenForScan = script(`${NEWEST_DECLARATIONS}
local since, at_most = tonumber(ARGV[4]), tonumber(ARGV[5])
if (#KEYS ~= 6 and #KEYS ~= 7) or bad_newest(KEYS[6], ARGV[1]) or ARGV[2] == nil or (ARGV[3] ~= 'json' and ARGV[3] ~= 'ids')
  or (ARGV[4] ~= '' and not since) or not at_most or at_most < 1 or at_most ~= math.floor(at_most) then
  return redis.error_reply('${SCRIPT_GUARD} citizenForScan: bad inputs')
end
local read = {redis.call('HGETALL', KEYS[1]), redis.call('SMEMBERS', KEYS[2]), redis.call('SMEMBERS', KEYS[3]),
  redis.call('SMEMBERS', KEYS[4]), redis.call('SMEMBERS', KEYS[5]), KEYS[7] and redis.call('SMEMBERS', KEYS[7]) or {}}
local createdAt, qrVersion = false, false
for i = 1, #read[1], 2 do
  local field = read[1][i]
  if field == 'createdAt' then createdAt = true elseif field == 'qrVersion' then qrVersion = read[1][i + 1] end
end
if not createdAt or (ARGV[2] ~= '' and qrVersion and qrVersion ~= ARGV[2]) then return read end
local limit = tonumber(ARGV[1])
local ids = redis.call('ZRANGE', KEYS[6], 0, limit - 1, 'REV')
if since and #ids == limit then
  -- Every one declared within the window, when the newest all lie in it: at most at_most, and one more to tell there were more.
  local within = redis.call('ZRANGE', KEYS[6], '+inf', since, 'BYSCORE', 'REV', 'LIMIT', 0, at_most + 1)
  if #within > limit then
    ids = within
    if #within > at_most then
      ids[#ids] = nil
      read[8] = 1
    end
  end
end
read[7] = declarations_of(KEYS[6], ids, ARGV[3] == 'ids')
return read
`);

/**
 * Linked declarations' whole writes, each in one step, on a single Redis node only (REDIS_URL, never
 * a cluster: the keys lie in several slots, so the script says no-cluster and Redis refuses it
 * there). Every record written in one turn of the gateway's event loop comes in one call: a batch's
 * window costs one script call, not one per record (gateway/store/coalesced-calls.ts).
 * KEYS: each record's keys in turn: the eight of writeDeclaration, the source id's pointer, the
 *       index keys (the key a new citizen is created under first, when creating), the phone's
 *       holders when there is a phone.
 * ARGV: the number of records, then for each: the number of its keys, the number of its arguments,
 *       then its arguments: the number of index keys, '1' when creating ('2<m>': and none of the
 *       m index keys after the creation key may be another citizen's), '1' with a phone, the
 *       citizen id, then writeDeclaration's ARGV.
 * Replies one reply per record, in order. For each, in the order the steps take on a cluster: the
 * creation key claimed ({2, holder} when another citizen holds it: nothing else is written); with
 * '2<m>', {4, holder, its position among the m} when another citizen holds one of those keys (the
 * claims undone, nothing written); the
 * other index keys (each kept by its first holder) and the phone; the source id ({3} when another
 * citizen's write holds it: the caller then takes the steps, which tell a stored record from a
 * claim whose writer died); then writeDeclaration's write and reply. A record whose own inputs are
 * wrong is {-1} and writes nothing; a record Redis fails midway (a key of the wrong type) is
 * {-2, Redis's message}, what it wrote before kept (a script is not undone); the others are written. Records are written one after the
 * other, so two of one person in a call meet as they would in two calls: the second finds the first.
 */
export const writeIndexedMany = script(`#!lua flags=no-cluster
${WRITE_DECLARATION}
local function write_indexed(KEYS, ARGV)
  local n, phone, citizen = tonumber(ARGV[1]), ARGV[3] == '1', ARGV[4]
  -- '0' not creating, '1' creating, '2<m>' creating and checking m keys: nothing else.
  local strict = string.match(ARGV[2], '^2(%d+)$')
  local creating, checked = ARGV[2] == '1' or strict ~= nil, tonumber(strict or '0')
  local write_keys, write_args = {unpack(KEYS, 1, 8)}, {unpack(ARGV, 5)}
  if not n or n < 0 or n ~= math.floor(n) or #KEYS ~= 9 + n + (phone and 1 or 0) or not citizen or citizen == ''
    or not (creating or ARGV[2] == '0') or (creating and (n < 1 or checked > n - 1))
    or bad_write(write_keys, write_args) then
    return {-1}
  end
  if creating and not redis.call('SET', KEYS[10], citizen, 'NX') then return {2, redis.call('GET', KEYS[10])} end
  -- A new citizen none of whose first 'checked' other index keys another may hold (rejoinIfHeld): each
  -- claimed and read in one call; on the first held, every claim of this step undone, unseen by anyone.
  local claimed = {KEYS[10]}
  for i = 11, 10 + checked do
    local holder = redis.call('SET', KEYS[i], citizen, 'NX', 'GET')
    if holder and holder ~= citizen then
      redis.call('DEL', unpack(claimed))
      return {4, holder, tostring(i - 10)}
    end
    if not holder then claimed[#claimed + 1] = KEYS[i] end
  end
  for i = (creating and 11 + checked or 10), 9 + n do redis.call('SET', KEYS[i], citizen, 'NX') end
  if phone then redis.call('SADD', KEYS[10 + n], citizen) end
  local claim = 'c:' .. citizen
  if not redis.call('SET', KEYS[9], claim, 'NX', 'PXAT', write_args[8]) then
    if redis.call('GET', KEYS[9]) ~= claim then return {3} end
    -- This citizen's own claim, left by a write that failed midway: the write ends when it does.
    local claim_ends = redis.call('PEXPIRETIME', KEYS[9])
    if claim_ends > 0 then
      write_args[8] = string.format('%.0f', claim_ends)
    else
      -- A claim without an end (older data): it takes this write's, as on a cluster (redis-store.ts).
      redis.call('SET', KEYS[9], claim, 'PXAT', write_args[8])
    end
  end
  return write_declaration(write_keys, write_args)
end

local function whole(value) return value and value >= 0 and value == math.floor(value) end
-- Where each record's keys and arguments lie, all checked before the first write.
local records, spans, k, a = tonumber(ARGV[1]), {}, 1, 2
if not whole(records) then return redis.error_reply('${SCRIPT_GUARD} writeIndexedMany: bad inputs') end
for i = 1, records do
  local keys, args = tonumber(ARGV[a]), tonumber(ARGV[a + 1])
  if not whole(keys) or not whole(args) then return redis.error_reply('${SCRIPT_GUARD} writeIndexedMany: bad inputs') end
  spans[i] = {k, k + keys - 1, a + 2, a + 1 + args}
  k, a = k + keys, a + 2 + args
end
if k ~= #KEYS + 1 or a ~= #ARGV + 1 then return redis.error_reply('${SCRIPT_GUARD} writeIndexedMany: bad inputs') end
local replies = {}
for i, span in ipairs(spans) do
  -- A Redis error inside one record (WRONGTYPE: a stray key of another type at one of its keys)
  -- fails that record alone, {-2, message}, as it did when each record was its own call; uncaught,
  -- it aborted the script, and every caller of the group got a 503 for one record's fault.
  local ok, reply = pcall(write_indexed, {unpack(KEYS, span[1], span[2])}, {unpack(ARGV, span[3], span[4])})
  replies[i] = ok and reply or {-2, type(reply) == 'table' and reply.err or tostring(reply)}
end
return replies
`);

/**
 * The reads a join and a replay check make, for every record read in one turn (a batch's window),
 * in one call, on a single Redis node only (no-cluster: a source id's pointer names the citizen,
 * whose keys, another slot, are read by name here).
 * KEYS: one per read. ARGV: the citizens' key prefix ('<prefix>cit:'), then for each read its kind:
 * 'o' (the key's owner: GET), 'h' (a phone's holders: SMEMBERS), or 'q' followed by the declaration
 * id (the source id's pointer, its declaration and its citizen's QR).
 * Replies one reply per read: the owner or nil; the holders; for 'q', {} (none), {'d:<json>'}
 * (unlinked) or {'c:<citizenId>', json|'', qr|''}.
 */
export const readMany = script(`#!lua flags=no-cluster
local citizens, replies, a = ARGV[1], {}, 2
for i = 1, #KEYS do
  local kind = ARGV[a]
  if kind == 'o' then
    replies[i] = redis.call('GET', KEYS[i])
  elseif kind == 'h' then
    replies[i] = redis.call('SMEMBERS', KEYS[i])
  elseif kind == 'q' and ARGV[a + 1] and ARGV[a + 1] ~= '' then
    a = a + 1
    local pointer = redis.call('GET', KEYS[i])
    if not pointer then
      replies[i] = {}
    elseif string.sub(pointer, 1, 2) ~= 'c:' then
      replies[i] = {pointer}
    else
      local citizen = citizens .. '{' .. string.sub(pointer, 3) .. '}'
      replies[i] = {pointer, redis.call('GET', citizen .. ':d:' .. ARGV[a]) or '', redis.call('HGET', citizen, 'qr') or ''}
    end
  else
    return redis.error_reply('${SCRIPT_GUARD} readMany: bad inputs')
  end
  a = a + 1
end
if a ~= #ARGV + 1 or not citizens then return redis.error_reply('${SCRIPT_GUARD} readMany: bad inputs') end
return replies
`);

/** The newest versions a living record's set keeps: a version whose write failed is passed over for the next. */
export const VERSIONS_KEPT = 8;

/**
 * KEYS: the versions of a source record whose id names a living record (Bluezone's device: each new
 * level is a record of its own, its version in its id), a sorted set of declaration ids by declared
 * time (Unix ms). ARGV: the version's declared time, its declaration id, when it expires (Unix ms).
 * Adds the version, keeps the newest VERSIONS_KEPT (equal times: the larger id is the newer, the
 * sorted set's own order, whatever order the versions came in), and keeps the set as long as the
 * latest-ending version. Replies 1 when the version was added, 0 when the set held it already.
 */
export const addVersion = script(`
local at, expires = tonumber(ARGV[1]), tonumber(ARGV[3])
if #KEYS ~= 1 or not at or at ~= at or at == math.huge or at == -math.huge or not ARGV[2] or ARGV[2] == '' or not expires or expires < 1 or expires ~= math.floor(expires) then
  return redis.error_reply('${SCRIPT_GUARD} addVersion: bad inputs')
end
local added = redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -${VERSIONS_KEPT + 1})
local ends = redis.call('PEXPIRETIME', KEYS[1])
if ends == -1 or (ends >= 0 and ends < expires) then redis.call('PEXPIREAT', KEYS[1], ARGV[3]) end
return added
`);

/**
 * KEYS: a key. ARGV: the value a claim of this process's left there. Deletes the key only while it
 * still holds that value, never a claim another made since or an answer kept in its place: an
 * Idempotency-Key's in-flight claim whose request gave up (the store did not answer it in time),
 * let go when it lands; a new citizen's claims on a cluster, let go when one of its keys turned out
 * another citizen's (redis-store.ts, rejoinIfHeld).
 */
export const releaseIfHeld = script(`
if #KEYS ~= 1 or not ARGV[1] or ARGV[1] == '' then return redis.error_reply('${SCRIPT_GUARD} releaseIfHeld: bad inputs') end
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * KEYS: a key. ARGV: the value a claim of this process's left there, and a life in seconds.
 * Gives the key that life again only while it still holds that value: a batch's Idempotency-Key
 * claim, renewed by its own request while the batch runs (never a claim another made since the
 * first expired, never an answer kept in its place). 1 when renewed, 0 when the claim is gone.
 */
export const renewIfHeld = script(`
local life = tonumber(ARGV[2])
if #KEYS ~= 1 or not ARGV[1] or ARGV[1] == '' or not life or life < 1 or life ~= math.floor(life) then
  return redis.error_reply('${SCRIPT_GUARD} renewIfHeld: bad inputs')
end
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

/**
 * KEYS: a key. ARGV: the value a claim of this process's left there, the value to keep in its
 * place, its life in seconds. Keeps a request's answer under its Idempotency-Key only while the key
 * still holds that request's own claim: a claim that lapsed and was taken by another request (a
 * retry on another pod) keeps that one's answer, never both. 1 when kept, 0 when the claim is gone.
 */
export const completeIfHeld = script(`
local life = tonumber(ARGV[3])
if #KEYS ~= 1 or not ARGV[1] or ARGV[1] == '' or not ARGV[2] or not life or life < 1 or life ~= math.floor(life) then
  return redis.error_reply('${SCRIPT_GUARD} completeIfHeld: bad inputs')
end
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
`);

export const SCRIPTS = {
  writeDeclaration,
  ensureQr,
  replaceQr,
  latestDeclarations,
  citizenForScan,
  writeIndexedMany,
  readMany,
  addVersion,
  releaseIfHeld,
  renewIfHeld,
  completeIfHeld,
};
