import type { SimulatorDefinition } from '../common/simulator-types';
import { ictParts } from '../common/simulator-helpers';

const ACCOUNT_BY_PROVINCE: Record<string, string> = { '49': 'congan.quangnam', '35': 'congan.hanam', '30': 'congan.haiduong' };
const WORDS: Record<string, string> = { fever: 'Sốt', cough: 'ho', 'sore-throat': 'đau họng' };

/** Zalo's official-account forms API, simulated: X-Api-Key; past its rate it answers 429 with Retry-After. */
export const zaloSimulator: SimulatorDefinition = {
  share: 0.45,
  latency: { latencyMs: 30, jitterMs: 60 },
  credentials: (secret) => ({ apiKey: `zl-${secret}` }),
  authenticate: (req, credentials) => req.get('x-api-key') === credentials.apiKey,
  routes(router, records) {
    const answer = (record: unknown, res: import('express').Response) =>
      record ? res.json(record) : res.status(404).json({ error: -201, message: 'not found' });
    router.get('/oa/:oa/forms/:id', (req, res) =>
      answer(
        records.newest((r) => r.oa_id === req.params.oa && r.submission_id === req.params.id),
        res,
      ),
    );
    router.get('/oa/:oa/forms', (req, res) =>
      answer(
        records.newest((r) => r.oa_id === req.params.oa && r.zalo_user_id === req.query.zalo_user_id),
        res,
      ),
    );
  },
  fail: (_req, res) => {
    res.status(429).set('Retry-After', '1').json({ error: -32, message: 'Exceed rate limit' });
  },
  recordFor(c, _instance, at) {
    const { dmy } = ictParts(new Date(`${c.birthDate}T00:00:00+07:00`));
    return {
      submission_id: String(7301928374650000000n + BigInt(c.serial)),
      oa_id: ACCOUNT_BY_PROVINCE[c.provinceCode] ?? 'phongchongcorona',
      zalo_user_id: c.zaloUserId,
      submitted_at: Math.floor(at.getTime() / 1000),
      answers: [
        { label: 'Họ và tên', value: c.fullName },
        { label: 'Ngày sinh', value: dmy },
        { label: 'Giới tính', value: c.sex === 'male' ? 'Nam' : 'Nữ' },
        { label: 'Số CMND/CCCD', value: c.cccd },
        { label: 'Số điện thoại', value: `0${c.phone.slice(3)}` },
        { label: 'Triệu chứng', value: c.symptoms.length ? c.symptoms.map((s) => WORDS[s]).join(', ') : 'Không' },
        { label: 'Tiếp xúc với ca bệnh', value: c.riskLevel === 'F0' ? 'Có' : 'Không' },
      ],
    };
  },
};
