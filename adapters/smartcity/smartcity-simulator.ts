import type { SimulatorDefinition } from '../common/simulator-types';
import { ictParts } from '../common/simulator-helpers';

const CODES: Record<string, string> = { fever: 'sot', cough: 'ho', 'sore-throat': 'dau_hong' };
const REPORT_PREFIX: Record<string, string> = { hanoi: 'HN', binhduong: 'BD', haiphong: 'HP' };

/** A SmartCity deployment's reports API, simulated under its city's path: X-Api-Key; failures are 500s. */
export const smartcitySimulator: SimulatorDefinition = {
  share: 0.45,
  latency: { latencyMs: 50, jitterMs: 100 },
  credentials: (secret) => ({ apiKey: `sc-${secret}` }),
  authenticate: (req, credentials) => req.get('x-api-key') === credentials.apiKey,
  routes(router, records, instance) {
    const answer = (record: unknown, res: import('express').Response) =>
      record ? res.json(record) : res.status(404).json({ message: 'Not Found' });
    router.get(`/${instance.city}/api/reports/:id`, (req, res) =>
      answer(
        records.newest((r) => r.reportId === req.params.id),
        res,
      ),
    );
    router.get(`/${instance.city}/api/reports`, (req, res) =>
      answer(
        records.newest((r) => r.type === 'HEALTH_DECLARATION' && r.citizen?.nationalId === req.query.nationalId),
        res,
      ),
    );
  },
  fail: (_req, res) => {
    res.status(500).json({ message: 'Internal Server Error' });
  },
  recordFor(c, instance, at) {
    // A city's app holds the declarations of the people who live there.
    if (c.provinceCode !== instance.provinceCode) return undefined;
    const { iso, hms, compact } = ictParts(at);
    return {
      reportId: `${REPORT_PREFIX[instance.city as string] ?? (instance.city as string).slice(0, 2).toUpperCase()}-${compact.slice(0, 4)}-${compact.slice(4, 8)}-${String(c.serial).padStart(5, '0')}`,
      type: 'HEALTH_DECLARATION',
      citizen: {
        name: c.fullName,
        birthDate: c.birthDate,
        sex: c.sex === 'male' ? 'M' : 'F',
        nationalId: c.cccd,
        mobile: `0${c.phone.slice(3)}`,
      },
      location: null,
      symptoms: c.symptoms.map((s) => CODES[s]).join(','),
      travelHistory: [],
      timestamp: `${iso} ${hms}`,
    };
  },
};
