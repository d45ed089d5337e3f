import assert from 'node:assert/strict';
import { goldenNative, mapAccepted, mapRefused } from '../support/mapping';

const example = () => goldenNative('zalo', '01');
const withLabel = (record: any, index: number, label: string) => {
  record.answers[index].label = label;
  return record;
};

describe('zalo mapping', () => {
  it('reads the name under each of its labels: Họ và tên, Họ tên, HỌ VÀ TÊN, Ho va ten, and in NFD', () => {
    for (const label of ['Họ và tên', 'Họ tên', 'HỌ VÀ TÊN', 'Ho va ten', 'Họ và tên'.normalize('NFD')]) {
      assert.equal(mapAccepted('zalo', withLabel(example(), 0, label)).subject.fullName, 'Trần Thị Bình', label);
    }
  });

  it('reads the document under Số CMND/CCCD, CMND/CCCD and Số giấy tờ tùy thân', () => {
    for (const label of ['Số CMND/CCCD', 'CMND/CCCD', 'Số giấy tờ tùy thân']) {
      assert.deepEqual(
        mapAccepted('zalo', withLabel(example(), 3, label)).subject.identifiers?.[0],
        { system: 'vn-cmnd', value: '201234567' },
        label,
      );
    }
  });

  it('keeps an answer under an unknown label instead of refusing it', () => {
    const record = example();
    record.answers.push({ label: 'Nơi làm việc', value: 'UBND phường Tân Thạnh' });
    assert.deepEqual(mapAccepted('zalo', record).quality.unmapped, [
      { pointer: '/answers/8', value: { label: 'Nơi làm việc', value: 'UBND phường Tân Thạnh' } },
    ]);
  });

  it('reads free-text symptoms and the Có/Không contact answer', () => {
    const record = example();
    record.answers[6].value = 'sốt, khó thở';
    record.answers[7].value = 'Có';
    assert.deepEqual(mapAccepted('zalo', record).health, { symptoms: ['fever', 'shortness-of-breath'], exposures: ['confirmed-case'] });
  });

  it('reads a whole contact answer as citizens write it ("Có tiếp xúc", "Dạ có"), and flags one it cannot read, never a no', () => {
    const answered = (symptoms: string, contact: string) => {
      const record = example();
      record.answers[6].value = symptoms;
      record.answers[7].value = contact;
      return mapAccepted('zalo', record);
    };
    for (const contact of ['Có tiếp xúc', 'Dạ có'])
      assert.deepEqual(answered('Không', contact).health?.exposures, ['confirmed-case'], contact);
    const unsure = answered('Sốt nhẹ', 'Có, F1');
    assert.deepEqual([unsure.health?.symptoms, unsure.health?.exposures], [[], undefined]);
    assert.deepEqual(unsure.quality.flags, ['health-answer-unread'], 'a checkpoint checks the person');
    assert.deepEqual(answered('mệt mỏi', 'Không').quality.flags, ['health-answer-unread']);
    assert.deepEqual(answered('Khỏe', 'Dạ không').quality.flags, []);
  });

  it('reads d/M/yyyy birth dates', () => {
    const record = example();
    record.answers[1].value = '5/1/1990';
    assert.equal(mapAccepted('zalo', record).subject.birthDate, '1990-01-05');
  });

  it('takes the province from a provincial police account', () => {
    const provinces = ['congan.quangnam', 'congan.hanam', 'congan.haiduong'].map(
      (oa_id) => mapAccepted('zalo', { ...example(), oa_id }).subject.address?.provinceCode,
    );
    assert.deepEqual(provinces, ['49', '35', '30']);
  });

  it('takes the province of a national-account record from its address, or leaves it out', () => {
    const record = { ...example(), oa_id: 'phongchongcorona' };
    assert.equal(mapAccepted('zalo', record).subject.address?.provinceCode, undefined);
    record.answers[5].value = '45 Phan Chu Trinh, Tam Kỳ, Tỉnh Quảng Nam';
    assert.equal(mapAccepted('zalo', record).subject.address?.provinceCode, '49');
  });

  it('points a refusal at the answer that holds the bad value', () => {
    const record = example();
    record.answers[1].value = '31/02/1990';
    assert.deepEqual(
      mapRefused('zalo', record).map((r) => r.pointer),
      ['/answers/1/value'],
    );
  });
});
