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

  it('reads Có and Không, and nothing else, as yes and no', () => {
    assert.equal(readYesNo('Có'), true);
    assert.equal(readYesNo('co'), true);
    assert.equal(readYesNo('KHÔNG'), false);
    assert.equal(readYesNo('Không rõ'), undefined);
  });
});
