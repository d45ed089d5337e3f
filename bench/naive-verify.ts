import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { AdapterRegistry, LookupClient } from '../adapters';
import type { CanonicalDeclaration } from '../gateway/domain/canonical-declaration';
import { formatIct } from '../gateway/normalize/dates';
import type { UnifiedQr } from '../gateway/qr/unified-qr';
import type { GatewayStore } from '../gateway/store/gateway-store';
import { checkpointStatus } from '../gateway/verify/checkpoint-status';
import { subjectOf } from '../gateway/verify/verify-service';

/**
 * The comparison for the verify benchmark: the same scan done the naive way, with a plain axios
 * call per platform (the same clients) and no breaker, no timeout, no deadline, no retry, no
 * fallback. It shows what the breakers save when a platform is slow or down. Benchmark only.
 */
export async function startNaiveVerify(
  registry: AdapterRegistry,
  store: GatewayStore,
  qr: UnifiedQr,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const clients = new Map<string, LookupClient>();
  for (const adapter of registry.list()) {
    const client = adapter.createClient();
    if (client) clients.set(adapter.name, client);
  }
  const never = new AbortController().signal;
  const app = express();
  app.post('/verify', express.json(), async (req, res) => {
    const check = qr.check(String(req.body.qr));
    if (!check.ok) return res.json({ status: 'invalid' });
    const citizen = await store.getCitizen(check.claims.citizenId);
    if (!citizen) return res.json({ status: 'invalid' });
    const answers = await Promise.all(
      citizen.instances.map(async (instance) => {
        try {
          const result = await clients.get(instance)!.latest(subjectOf(citizen, [], instance), never);
          const mapped = result.found ? registry.get(instance)!.toCanonical(result.native, formatIct(Date.now())) : undefined;
          return mapped?.ok ? mapped.declaration : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    res.json(
      checkpointStatus(
        answers.filter((d): d is CanonicalDeclaration => d !== undefined),
        new Date(),
      ),
    );
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/verify`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
