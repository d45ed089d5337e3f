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

  it('reads a symptom written with more words than its name, a negated one as none, and a decomposed "và" as the separator', () => {
    const read = (text: string) => readSymptoms(text).codes;
    assert.deepEqual(read('Sốt 38 độ'), ['fever']);
    assert.deepEqual(read('sốt nhẹ'), ['fever']);
    assert.deepEqual(read('Bị ho'), ['cough']);
    assert.deepEqual(read('có ho'), ['cough']);
    assert.deepEqual(read('sốt ho'), ['fever', 'cough']);
    assert.deepEqual(read('Sốt & ho'), ['fever', 'cough']);
    assert.deepEqual(read('Ho nhiều, sốt 38 độ'), ['cough', 'fever']);
    assert.deepEqual(read('Sốt và ho'.normalize('NFD')), ['fever', 'cough']);
    assert.deepEqual(readSymptoms('Không sốt, có ho'), { codes: ['cough'], unknown: [] });
    assert.deepEqual(readSymptoms('mệt mỏi'), { codes: [], unknown: ['mệt mỏi'] }, 'unread: the mapping flags it');
    assert.deepEqual(readSymptoms('không rõ'), { codes: [], unknown: ['không rõ'] }, 'unsure is not none');
  });

  it('reads Có and Không, an answer that begins with one, and an F0 or F1 named; "không rõ" and anything else is unread', () => {
    for (const yes of ['Có', 'co', 'Có tiếp xúc', 'có ạ', 'Có, F1', 'F0', 'Có, F0 cùng xóm', 'Đã tiếp xúc'.normalize('NFD')])
      assert.equal(readYesNo(yes), true, yes);
    for (const no of ['KHÔNG', 'Không có', 'không tiếp xúc']) assert.equal(readYesNo(no), false, no);
    for (const unread of ['Không rõ', 'không biết', 'có thể', 'maybe']) assert.equal(readYesNo(unread), undefined, unread);
  });
});
