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

  it('keeps a passage accepted with a refusal reason as accepted, with its reason, flagged checkpoint-decision-unclear (a checkpoint then says yellow)', () => {
    const declaration = mapAccepted('c06', { ...example(), trangThai: 'CHAP_NHAN', lyDoTuChoi: 'Lệch thông tin họ tên'.normalize('NFD') });
    assert.deepEqual(declaration.checkpoint, { checkpointId: 'CHOT-79-015', decision: 'accepted', reason: 'Lệch thông tin họ tên' });
    assert.deepEqual(declaration.quality.flags, ['checkpoint-decision-unclear']);
    // A reason of blanks alone is no reason: the accepted passage stands unflagged.
    assert.deepEqual(mapAccepted('c06', { ...example(), lyDoTuChoi: '  ' }).quality.flags, []);
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
