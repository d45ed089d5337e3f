import assert from 'node:assert/strict';
import { readSymptoms, readYesNo, symptomOf } from '../../gateway/normalize/health-terms';

describe('symptom and exposure words', () => {
  it('reads Vietnamese symptoms with and without diacritics', () => {
    assert.deepEqual(readSymptoms('Sốt, ho'), { codes: ['fever', 'cough'], unknown: [] });
    assert.deepEqual(readSymptoms('sot, ho'), { codes: ['fever', 'cough'], unknown: [] });
    assert.deepEqual(readSymptoms('SỐT, HO'.normalize('NFD')), { codes: ['fever', 'cough'], unknown: [] });
  });

  it('reads every symptom of the canonical list from its Vietnamese name', () => {
    const words = ['sốt', 'ho', 'khó thở', 'đau họng', 'buồn nôn', 'tiêu chảy', 'xuất huyết ngoài da', 'nổi ban ngoài da', 'mất vị giác'];
    assert.deepEqual(words.map(symptomOf), [
      'fever',
      'cough',
      'shortness-of-breath',
      'sore-throat',
      'nausea',
      'diarrhoea',
      'skin-bleeding',
      'skin-rash',
      'loss-of-taste-smell',
    ]);
  });

  it('reads "không" as no symptoms, and splits on "và"', () => {
    assert.deepEqual(readSymptoms('không'), { codes: [], unknown: [] });
    assert.deepEqual(readSymptoms('Khó thở và đau họng'), { codes: ['shortness-of-breath', 'sore-throat'], unknown: [] });
  });

  it('keeps the words it does not know instead of failing', () => {
    assert.deepEqual(readSymptoms('sốt, nhức đầu'), { codes: ['fever'], unknown: ['nhức đầu'] });
  });

  it('reads each part whole, composed first (a decomposed "và" separates), and leaves a part it cannot read whole unread, never part-read', () => {
    assert.deepEqual(readSymptoms('Sốt và ho'.normalize('NFD')), { codes: ['fever', 'cough'], unknown: [] });
    // Read word by word these were a cough ("họ", "hô hấp"), a fever ("sốt ruột", anxious), or none (a negation's reach).
    for (const text of [
      'Sốt nhẹ',
      'Hô hấp bình thường',
      'sốt ruột',
      'Không sốt. Ho nhẹ',
      'không ho nhưng sốt 38 độ',
      'mệt mỏi',
      'không rõ',
    ])
      assert.deepEqual(readSymptoms(text), { codes: [], unknown: [text] }, text);
    for (const none of ['Khỏe', 'Không có gì', 'Không ạ', 'ko', 'Bình thường ạ', 'Không có triệu chứng gì'])
      assert.deepEqual(readSymptoms(none), { codes: [], unknown: [] }, none);
  });

  it('reads a whole yes or no as citizens write it (Dạ không, Có tiếp xúc, Chưa, Ko); anything else is unread, never a yes or a no', () => {
    for (const yes of ['Có', 'co', 'Có tiếp xúc', 'có ạ', 'Dạ có']) assert.equal(readYesNo(yes), true, yes);
    for (const no of ['KHÔNG', 'Không có', 'Dạ không', 'Chưa', 'Ko', 'không tiếp xúc']) assert.equal(readYesNo(no), false, no);
    for (const unread of ['Không rõ', 'Không tiếp xúc F0', 'Có, F1', 'có thể', 'Đã xét nghiệm âm tính', 'maybe'])
      assert.equal(readYesNo(unread), undefined, unread);
  });
});
