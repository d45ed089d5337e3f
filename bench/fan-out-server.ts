/**
 * The floor of a scan's design for `npm run bench`: a bare express 5 server (the echo's, pinned the
 * same way) that for each POSTed scan body makes the platform calls a scan of that citizen makes,
 * and nothing else: no auth, no Redis, no QR check, no mapping, no policy. Each call is the
 * gateway's own request (the path, query and headers of adapters/<platform>/<platform>-client.ts,
 * C06's HMAC signature made per request) through the gateway's own transport
 * (adapters/common/http-lookup.ts: undici's dispatch, a keep-alive pool per instance, at most 64
 * calls in it), its answer read whole and JSON.parsed, and no signal of its own per call; the
 * reply is a small JSON. Its CPU per request is what HTTP/1.1 fan-out alone costs on one core,
 * whatever the gateway around it does.
 *
 * Reads FAN_OUT_FILE: { instances: { name: { baseUrl, headers, c06Secret? } }, scans: [[qr, lookups]] }.
 */
import { readFileSync } from 'node:fs';
import express from 'express';
import { c06Signature } from '../adapters/c06/c06-signature';
import { createHttpClient } from '../adapters/common/http-lookup';
import type { PlatformLookup } from './platform-lookups';

/** What the bench writes for this server. */
export interface FanOutPlan {
  instances: Record<string, { baseUrl: string; headers: Record<string, string>; c06Secret?: string }>;
  scans: [qr: string, lookups: PlatformLookup[]][];
}

const plan = JSON.parse(readFileSync(process.env.FAN_OUT_FILE as string, 'utf8')) as FanOutPlan;
const lookupsOf = new Map(plan.scans);
const instances = new Map(
  Object.entries(plan.instances).map(([name, { baseUrl, headers, c06Secret }]) => {
    // The gateway's clients' transport, with the instance's headers (its credentials) on every call.
    const http = createHttpClient({ baseUrl, credentials: {} }, headers);
    return [name, { c06Secret, http }] as const;
  }),
);

/** A signal that never aborts: the floor's calls carry none of their own (a scan's timeouts are the gateway's cost). */
const NEVER = new AbortController().signal;

/** One GET, its answer's body read whole and parsed (undefined when empty). */
function lookup({ instance, path }: PlatformLookup): Promise<unknown> {
  const to = instances.get(instance);
  if (!to) return Promise.reject(new Error(`no instance ${instance}`));
  let signed: Record<string, string> | undefined;
  if (to.c06Secret !== undefined) {
    const date = new Date().toUTCString();
    signed = { Date: date, 'X-Signature': c06Signature(to.c06Secret, 'GET', path, date) };
  }
  return to.http.get(path, signed, NEVER).then(({ text }) => (text === '' ? undefined : JSON.parse(text)));
}

const app = express();
app.post('/scan', express.json(), async (req, res) => {
  const lookups = lookupsOf.get((req.body as { qr?: string }).qr ?? '');
  if (!lookups) {
    res.status(404).json({ error: 'no such citizen' });
    return;
  }
  try {
    const answers = await Promise.all(lookups.map(lookup));
    res.json({ sources: answers.length });
  } catch (error) {
    res.status(502).json({ error: (error as Error).message });
  }
});
const server = app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1', () => process.stdout.write('fan-out listening\n'));
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  for (const { http } of instances.values()) void http.close();
});
