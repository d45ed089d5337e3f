import assert from 'node:assert/strict';
import { toE164 } from '../../gateway/normalize/phones';

const value = (input: string): string | undefined => {
  const parsed = toE164(input);
  return parsed.ok ? parsed.value : undefined;
};

describe('phones', () => {
  it('reads every spelling the platforms use as one E.164 number', () => {
    for (const spelling of [
      '0912345678',
      '0912 345 678',
      '+84912345678',
      '84912345678',
      '0912.345.678',
      '091-234-5678',
      '+84 912 345 678',
    ]) {
      assert.equal(value(spelling), '+84912345678', spelling);
    }
  });

  it('renumbers an 11-digit mobile from before the 2018 change (0166 became 036)', () => {
    assert.equal(value('01662345678'), '+84362345678');
    assert.equal(value('+84 166 234 5678'), '+84362345678');
    assert.equal(value('841662345678'), '+84362345678');
  });

  it('renumbers the old prefixes of every network', () => {
    assert.equal(value('01201234567'), '+84701234567'); // MobiFone
    assert.equal(value('01231234567'), '+84831234567'); // VinaPhone
    assert.equal(value('01861234567'), '+84561234567'); // Vietnamobile
    assert.equal(value('01991234567'), '+84591234567'); // Gmobile
  });

  it('accepts an 11-digit landline starting 02', () => {
    assert.equal(value('024 3825 1234'), '+842438251234');
  });

  it('refuses a number too short, an unknown old prefix, a foreign number, and letters', () => {
    for (const bad of ['0905', '01111234567', '+1 555 0100', '09o5123456', '0112345678']) {
      assert.equal(toE164(bad).ok, false, bad);
    }
  });

  it('never repeats the number in its message', () => {
    const parsed = toE164('0905 12');
    assert.ok(!parsed.ok && !parsed.message.includes('0905'));
  });
});
