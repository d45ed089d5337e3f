import type { KeyObject } from 'node:crypto';
import { RecentlyUsed } from '../normalize/recently-used';

/**
 * What verifying one token found, kept so that its next use skips the signature and the parsing:
 * the caller it names, the key that verified it, and the claims that are judged against the clock
 * (each use judges them again: a token is never trusted past its `exp`).
 */
export interface VerifiedToken {
  /** The header's alg and kid: what the key is asked for again at each use. */
  header: { alg: string; kid?: string };
  /** The key the signature was verified with: a use whose key set now hands out another key verifies again. */
  key: KeyObject;
  subject: string;
  scopes: ReadonlySet<string>;
  exp: number;
  iat: number;
  nbf?: number;
}

/**
 * Tokens that passed every check, by their exact text, at most `max` of them: past that the one
 * used longest ago is dropped (RecentlyUsed: least recently used first). Only
 * tokens that passed are kept, so nothing a caller sends can fill it but tokens the gateway's keys
 * accept.
 */
export class VerifiedTokens extends RecentlyUsed<VerifiedToken> {}
