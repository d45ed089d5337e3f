import type { SimulatorDefinition } from '../common/simulator-types';

/** Bluezone's risk API, simulated: X-Api-Key; its failures are bare 500s. */
export const bluezoneSimulator: SimulatorDefinition = {
  share: 0.45,
  latency: { latencyMs: 20, jitterMs: 40 },
  credentials: (secret) => ({ apiKey: `bz-${secret}` }),
  authenticate: (req, credentials) => req.get('x-api-key') === credentials.apiKey,
  routes(router, records) {
    const answer = (record: unknown, res: import('express').Response) => (record ? res.json(record) : res.status(404).end());
    router.get('/api/v3/risk/:id', (req, res) =>
      answer(
        records.newest((r) => r.bluezoneId === req.params.id),
        res,
      ),
    );
    router.get('/api/v3/risk', (req, res) =>
      answer(
        records.newest((r) => r.phoneNumber === req.query.phone),
        res,
      ),
    );
  },
  fail: (_req, res) => {
    res.status(500).end();
  },
  recordFor(c, _instance, at) {
    return {
      bluezoneId: c.bluezoneId,
      phoneNumber: c.phone.slice(1),
      riskLevel: c.riskLevel,
      lastContactAt: c.riskLevel === 'NONE' ? null : new Date(at.getTime() - 2 * 86_400_000).toISOString(),
      updatedAt: at.toISOString(),
    };
  },
};
