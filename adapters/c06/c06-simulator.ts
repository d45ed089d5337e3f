import type { SimulatorDefinition } from '../common/simulator-types';
import { ictParts } from '../common/simulator-helpers';
import { c06SignatureMatches } from './c06-signature';

/** How far a request's Date may be from the platform's clock. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** C06's population-data API, simulated: a signed request (client id, Date, HMAC); maintenance answers 503. */
export const c06Simulator: SimulatorDefinition = {
  share: 0.45,
  latency: { latencyMs: 150, jitterMs: 450 },
  credentials: (secret) => ({ clientId: 'vnhc-gateway', secret: `c06-${secret}` }),
  authenticate(req, credentials) {
    const date = req.get('date') ?? '';
    const signature = req.get('x-signature') ?? '';
    if (req.get('x-client-id') !== credentials.clientId || Math.abs(Date.parse(date) - Date.now()) > CLOCK_SKEW_MS) return false;
    return c06SignatureMatches(credentials.secret as string, req.method, req.path, date, signature);
  },
  routes(router, records) {
    const answer = (record: unknown, res: import('express').Response) =>
      res.json(record ? { maLoi: '00', duLieu: record } : { maLoi: '04', duLieu: null });
    router.get('/dbdc/v1/cong-dan/:number/khai-bao/moi-nhat', (req, res) =>
      answer(
        records.newest((r) => r.soDinhDanh === req.params.number),
        res,
      ),
    );
    router.get('/dbdc/v1/khai-bao/:code', (req, res) =>
      answer(
        records.newest((r) => r.maKhaiBao === req.params.code),
        res,
      ),
    );
  },
  fail: (_req, res) => {
    res.status(503).set('Retry-After', '2').json({ maLoi: '99', thongBao: 'Hệ thống đang bảo trì' });
  },
  recordFor(c, _instance, at) {
    const { compact } = ictParts(at);
    const { dmy } = ictParts(new Date(`${c.birthDate}T00:00:00+07:00`));
    return {
      maKhaiBao: `C06-${c.provinceCode}-${compact}-${String(c.serial).padStart(6, '0')}`,
      soDinhDanh: c.cccd,
      hoVaTen: c.fullName.toUpperCase(),
      ngaySinh: dmy,
      gioiTinh: c.sex === 'male' ? '1' : '2',
      soDienThoai: `0${c.phone.slice(3)}`,
      noiThuongTru: { maTinh: c.provinceCode, maHuyen: null, maXa: null },
      chotKiemSoat: `CHOT-${c.provinceCode}-001`,
      hanhTrinh: { tu: '74', den: c.provinceCode, bienSoXe: null, lyDo: 'Đi làm' },
      trangThai: 'CHAP_NHAN',
      lyDoTuChoi: null,
      thoiGian: new Date(at.getTime()).toISOString(),
    };
  },
};
