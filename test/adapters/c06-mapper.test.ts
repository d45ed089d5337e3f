import assert from 'node:assert/strict';
import { goldenNative, mapAccepted, mapRefused } from '../support/mapping';

const example = () => goldenNative('c06', '01');

describe('c06 mapping', () => {
  it('maps an accepted passage to a movement with its checkpoint', () => {
    const declaration = mapAccepted('c06', example());
    assert.equal(declaration.kind, 'movement');
    assert.deepEqual(declaration.checkpoint, { checkpointId: 'CHOT-79-015', decision: 'accepted' });
    assert.deepEqual(declaration.quality.flags, []);
  });

  it('keeps a refused passage as checkpoint.decision refused, with its reason and the refused-at-checkpoint flag', () => {
    const declaration = mapAccepted('c06', { ...example(), trangThai: 'TU_CHOI', lyDoTuChoi: 'Sai thông tin CCCD' });
    assert.deepEqual(declaration.checkpoint, { checkpointId: 'CHOT-79-015', decision: 'refused', reason: 'Sai thông tin CCCD' });
    assert.deepEqual(declaration.quality.flags, ['refused-at-checkpoint']);
  });

  it('stores an upper-case name with diacritics in NFC, as written', () => {
    assert.equal(mapAccepted('c06', { ...example(), hoVaTen: 'NGUYỄN VĂN AN'.normalize('NFD') }).subject.fullName, 'NGUYỄN VĂN AN');
  });

  it('refuses a number that is not the 12-digit personal number', () => {
    assert.deepEqual(
      mapRefused('c06', { ...example(), soDinhDanh: '201234567' }).map((r) => r.pointer),
      ['/soDinhDanh'],
    );
  });
});
