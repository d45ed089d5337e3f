import type { SimulatorDefinition } from '../common/simulator-types';
import { ictParts, symptomFlags } from '../common/simulator-helpers';

/** The Ministry of Health's lookup API, simulated: X-Api-Key; 503 with Retry-After under load. */
export const tokhaiyteSimulator: SimulatorDefinition = {
  // The national declaration: most people made one.
  share: 0.85,
  latency: { latencyMs: 40, jitterMs: 80 },
  credentials: (secret) => ({ apiKey: `tk-${secret}` }),
  authenticate: (req, credentials) => req.get('x-api-key') === credentials.apiKey,
  routes(router, records) {
    router.get('/api/v1/to-khai/:code', (req, res) => {
      const record = records.newest((r) => r.ma_to_khai === req.params.code);
      if (record) res.json(record);
      else res.status(404).json({ loi: 'KHONG_TIM_THAY' });
    });
    router.get('/api/v1/to-khai', (req, res) => {
      const record = records.newest((r) => r.so_giay_to === req.query.so_giay_to);
      if (record) res.json(record);
      else res.status(404).json({ loi: 'KHONG_TIM_THAY' });
    });
  },
  fail: (_req, res) => {
    res.status(503).set('Retry-After', '1').json({ loi: 'QUA_TAI' });
  },
  recordFor(c, _instance, at) {
    const { dmy, hm, compact } = ictParts(at);
    return {
      ma_to_khai: `TK${compact.slice(2, 8)}${String(c.serial).padStart(8, '0')}`,
      ho_ten: c.fullName,
      nam_sinh: Number(c.birthDate.slice(0, 4)),
      gioi_tinh: c.sex === 'male' ? 'Nam' : 'Nữ',
      quoc_tich: 'Việt Nam',
      loai_giay_to: 'CCCD',
      so_giay_to: c.cccd,
      dien_thoai: `0${c.phone.slice(3)}`,
      email: null,
      dia_chi: { tinh: c.provinceCode, quan_huyen: null, phuong_xa: null, so_nha: null },
      di_chuyen: null,
      tinh_da_qua_14_ngay: [],
      trieu_chung_14_ngay: symptomFlags(c.symptoms),
      tiep_xuc_14_ngay: { nguoi_benh_hoac_nghi_ngo: c.riskLevel === 'F0', nguoi_tu_nuoc_co_benh: false, nguoi_co_bieu_hien: false },
      thoi_gian_khai_bao: `${dmy} ${hm}`,
    };
  },
};
