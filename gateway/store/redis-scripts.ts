import { defineScript } from 'redis';
import type { CommandParser } from '@redis/client/dist/lib/client/parser';

/**
 * Lua scripts for the writes that must be atomic. Every key a script touches carries the same
 * hash tag (the citizen's id), so each runs on one node of a Redis Cluster, as one step.
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
 * KEYS: citizen, ids, names, births, instances, decls, timeline.
 * ARGV: declId, declaration JSON, timeline score, createdAt, instance, nameKey|'', birthDate|'', identifiers...
 * A declaration id already stored is returned as it is ({0, json}); else everything is written ({1}).
 */
export const writeDeclaration = script(`
local score = tonumber(ARGV[3])
if #KEYS ~= 7 or #ARGV < 7 or ARGV[1] == '' or ARGV[2] == '' or not score or score ~= score or score == math.huge or score == -math.huge then
  return redis.error_reply('${SCRIPT_GUARD} writeDeclaration: bad inputs')
end
local existing = redis.call('HGET', KEYS[6], ARGV[1])
if existing then return {0, existing} end
redis.call('HSET', KEYS[6], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[7], score, ARGV[1])
redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[4])
redis.call('SADD', KEYS[5], ARGV[5])
if ARGV[6] ~= '' then redis.call('SADD', KEYS[3], ARGV[6]) end
if ARGV[7] ~= '' then redis.call('SADD', KEYS[4], ARGV[7]) end
for i = 8, #ARGV do redis.call('SADD', KEYS[2], ARGV[i]) end
return {1}
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

export const SCRIPTS = { writeDeclaration, ensureQr, replaceQr };
