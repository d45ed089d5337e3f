import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** A year: long enough that a browser that once came over TLS never tries plain HTTP in between. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 3600;

/**
 * The security headers on every answer, first in the pipeline so that problems and 404s carry them
 * too: helmet's set (nosniff, no-referrer, same-origin opener and resource policies, no
 * X-Powered-By), framing refused (X-Frame-Options DENY for browsers without frame-ancestors), the
 * API's CSP (the dashboard page answers its own), and HSTS only when `hsts`: in production, where
 * TLS is terminated in front of the gateway. Subdomains are left to the ministry's own domain policy.
 */
export function securityHeaders({ hsts }: { hsts: boolean }): RequestHandler {
  return helmet({
    // The JSON API loads nothing and is framed by nothing: a body is data, never a page.
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    strictTransportSecurity: hsts ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false, preload: false } : false,
    xFrameOptions: { action: 'deny' },
    xPoweredBy: true,
  });
}

/**
 * `Cache-Control: no-store` on every answer unless its route says otherwise: most answers hold
 * personal data (citizens, declarations, scans, stays, tracing, notices, audit), and so do their
 * problems; only the public documents (the JWKS, the API document, the dashboard page) are cacheable,
 * and they say so themselves.
 */
export const noStoreByDefault: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
