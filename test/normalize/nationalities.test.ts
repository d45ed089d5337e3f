import assert from 'node:assert/strict';
import { isCountry, nationalityCode } from '../../gateway/normalize/nationalities';

describe('nationalities', () => {
  it('reads a country by its Vietnamese name, in NFC or NFD, or by its ISO 3166-1 alpha-2 code', () => {
    for (const written of ['Việt Nam', 'Việt Nam'.normalize('NFD'), 'VN'])
      assert.deepEqual(nationalityCode(written), { ok: true, value: 'VN' });
    assert.deepEqual(nationalityCode('Hoa Kỳ'), { ok: true, value: 'US' });
    assert.deepEqual(nationalityCode('XK'), { ok: true, value: 'XK' });
    assert.deepEqual(nationalityCode('XA').ok, false);
  });

  it("takes as a country only a code ISO 3166-1 assigns to one, and Kosovo's XK in common use: not an old spelling (UK, SU, YU, DD), a reservation (EU, IC, UN) or another user-assigned code (XA, QO, ZZ, AA)", () => {
    for (const code of ['VN', 'US', 'GB', 'RU', 'KR', 'KP', 'LA', 'KH', 'CN', 'TW', 'SS', 'XK']) assert.equal(isCountry(code), true, code);
    for (const code of [
      'UK',
      'SU',
      'YU',
      'DD',
      'FX',
      'AN',
      'EU',
      'EZ',
      'UN',
      'IC',
      'AC',
      'EA',
      'DG',
      'TA',
      'CP',
      'XA',
      'XB',
      'QO',
      'ZZ',
      'AA',
      'NT',
    ])
      assert.equal(isCountry(code), false, code);
  });
});
