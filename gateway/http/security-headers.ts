import type { ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
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
  const harden = hardenAnswer({ hsts });
  return (_req, res, next) => {
    harden(res);
    next();
  };
}

/**
 * What securityHeaders does to an answer, as one function: helmet's headers, read once from helmet
 * itself (see headersOf), then set on each answer in helmet's order. helmet with these options sets
 * the same headers on every answer; run per request it made eleven middleware calls to do so.
 */
export function hardenAnswer({ hsts }: { hsts: boolean }): (res: ServerResponse) => void {
  const { set, removed } = headersOf(
    helmet({
      // The JSON API loads nothing and is framed by nothing: a body is data, never a page.
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      strictTransportSecurity: hsts ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false, preload: false } : false,
      xFrameOptions: { action: 'deny' },
      xPoweredBy: true,
    }),
  );
  return (res) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
  };
}

/** The same headers as `name: value` lines, for an answer written on the socket itself (client-error-answers.ts). */
export function securityHeaderLines({ hsts }: { hsts: boolean }): string {
  const lines: string[] = [];
  const collect = {
    setHeader: (name: string, value: string | string[]) => lines.push(`${name}: ${String(value)}`),
    removeHeader: () => {},
  };
  hardenAnswer({ hsts })(collect as unknown as ServerResponse);
  return lines.join('\r\n');
}

/**
 * The headers a middleware sets and removes, read by running it once on a stand-in answer. Only a
 * middleware that does nothing else, and answers at once, can be read so: one that reads the request
 * (a CSP nonce, a header chosen per client) or does anything but set and remove headers is refused
 * here, at start, rather than frozen into one answer for all.
 */
function headersOf(middleware: RequestHandler): { set: [string, string | string[]][]; removed: string[] } {
  const set: [string, string | string[]][] = [];
  const removed: string[] = [];
  const refuse = (what: string) => {
    throw new TypeError(`security headers must be the same for every answer: the middleware ${what}`);
  };
  const req = new Proxy({}, { get: (_t, key) => refuse(`read the request's ${String(key)}`) });
  const res = new Proxy(
    {
      setHeader: (name: string, value: string | string[]) => void set.push([name, value]),
      removeHeader: (name: string) => void removed.push(name),
    },
    { get: (target, key) => (key in target ? target[key as keyof typeof target] : refuse(`used the answer's ${String(key)}`)) },
  );
  let done = false;
  middleware(req as Request, res as unknown as Response, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  if (!done) refuse('did not call next at once');
  return { set, removed };
}

/**
 * `Cache-Control: no-store` on every answer unless its route says otherwise: most answers hold
 * personal data (citizens, declarations, scans, stays, tracing, notices, audit), and so do their
 * problems; only the public documents (the JWKS, the API document, the dashboard page) are cacheable,
 * and they say so themselves.
 */
export function noStoreByDefault(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'no-store');
}
