import type { RequestHandler } from 'express';
import { foldSubject, type Caller } from '../auth/access-tokens';
import { policyFor, routeClass, type RateClass, type RateLimitConfig } from '../limits/rate-classes';
import type { RateDecision, RatePolicy } from '../limits/rate';
import type { RateLimitStore } from '../store/rate-limit-store';
import { delaySeconds as seconds } from './problem-table';
import { RateLimited } from './problems';

export interface RateLimiting {
  config: RateLimitConfig;
  store: RateLimitStore;
  clock: () => Date;
  /** Told of every refusal, by class only (a metric's label: never the caller). */
  refused: (rateClass: RateClass) => void;
}

/**
 * Per-caller rate limits, after authentication: each request is counted against its caller's
 * allowance for its class of route (gateway/limits/rate-classes.ts), so a partner's ingest burst
 * never takes its scans. Every limited answer carries the IETF RateLimit fields
 * (draft-ietf-httpapi-ratelimit-headers-11); past the allowance, a 429 problem+json whose
 * Retry-After is when the next request will be allowed.
 */
export function rateLimit({ config, store, clock, refused }: RateLimiting): RequestHandler {
  return async (req, res, next) => {
    const rateClass = routeClass(req.method, req.baseUrl + req.path);
    const caller = foldSubject((res.locals.caller as Caller).subject);
    const policy = policyFor(config, caller, rateClass);
    const decision = await store.take(caller, rateClass, policy, clock().getTime());
    res.set(rateLimitFields(rateClass, policy, decision));
    if (decision.allowed) return next();
    refused(rateClass);
    res.set('Retry-After', String(seconds(decision.retryAfterMs)));
    next(
      new RateLimited(
        `this caller may send ${policy.perSecond} ${rateClass} requests a second, ${policy.burst} at once; the next is allowed in ${seconds(decision.retryAfterMs)} s`,
      ),
    );
  };
}

/**
 * The policy (`q` requests per `w` seconds: the burst, over the time it takes to earn back) and the
 * caller's state: `r` left now and `t`, the seconds until the whole burst is back; refused, `t` is
 * Retry-After, as the draft asks (Retry-After no earlier than the end of the effective window).
 */
export function rateLimitFields(rateClass: RateClass, policy: RatePolicy, decision: RateDecision): Record<string, string> {
  const window = seconds((policy.burst / policy.perSecond) * 1000);
  const t = seconds(decision.allowed ? decision.resetMs : decision.retryAfterMs);
  return {
    'RateLimit-Policy': `"${rateClass}";q=${policy.burst};w=${window}`,
    RateLimit: `"${rateClass}";r=${decision.remaining};t=${t}`,
  };
}
