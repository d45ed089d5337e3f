import type { SimulatorDefinition } from '../common/simulator-types';

const CODES: Record<string, string> = { fever: 'FEVER', cough: 'COUGH', 'sore-throat': 'SORE_THROAT' };

/** NCOVI's lookup API, simulated: bearer token; now and then it drops the connection mid-response. */
export const ncoviSimulator: SimulatorDefinition = {
  share: 0.45,
  latency: { latencyMs: 30, jitterMs: 50 },
  credentials: (secret) => ({ token: `ncovi-${secret}` }),
  authenticate: (req, credentials) => req.get('authorization') === `Bearer ${credentials.token}`,
  routes(router, records) {
    const answer = (record: unknown, res: import('express').Response) =>
      record ? res.json({ data: record }) : res.status(404).json({ error: 'not_found' });
    router.get('/v2/declarations/:id', (req, res) =>
      answer(
        records.newest((r) => r.id === req.params.id),
        res,
      ),
    );
    router.get('/v2/declarations', (req, res) => {
      const { idNumber, phone } = req.query;
      answer(
        records.newest(
          (r) => (idNumber !== undefined && r.profile?.idNumber === idNumber) || (phone !== undefined && r.profile?.phone === phone),
        ),
        res,
      );
    });
  },
  fail: (_req, res) => {
    // A dropped connection mid-response: headers out, then the socket goes.
    res.status(200).type('application/json').write('{"data":{"id":');
    res.socket?.destroy();
  },
  recordFor(c, _instance, at) {
    const serial = String(c.serial).padStart(12, '0');
    return {
      id: `5a1c0000-0000-4000-8000-${serial}`,
      profile: {
        fullName: c.asciiName,
        dob: c.birthDate,
        gender: c.sex === 'male' ? 1 : 2,
        idNumber: c.cccd,
        phone: c.phone,
        provinceId: Number(c.provinceCode),
        address: null,
      },
      health: { symptoms: c.symptoms.map((s) => CODES[s]), contacts: [] },
      createdAt: at.getTime(),
    };
  },
};
