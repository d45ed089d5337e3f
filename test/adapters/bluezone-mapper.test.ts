import assert from 'node:assert/strict';
import { goldenNative, ids, mapAccepted, mapRefused, pointers } from '../support/mapping';

const example = () => goldenNative('bluezone', '01');

describe('bluezone mapping', () => {
  it('maps a record with no name, no birth date and no document to an exposure with a phone and a device', () => {
    const declaration = mapAccepted('bluezone', example());
    assert.equal(declaration.kind, 'exposure');
    assert.equal(declaration.subject.fullName, undefined);
    assert.deepEqual(ids(declaration), [
      { system: 'phone', value: '+84912345678' },
      { system: 'bluezone', value: 'BZ7K2M9QXA' },
    ]);
  });

  it('maps the risk levels F0, F1, F2 and NONE', () => {
    const levels = ['F0', 'F1', 'F2', 'NONE'].map((riskLevel) => mapAccepted('bluezone', { ...example(), riskLevel }).health?.riskLevel);
    assert.deepEqual(levels, ['F0', 'F1', 'F2', 'none']);
  });

  it('gives the same declaration id to a replay and a new one to a new level of the same device', () => {
    const first = mapAccepted('bluezone', example());
    assert.equal(mapAccepted('bluezone', example()).declarationId, first.declarationId);
    const later = mapAccepted('bluezone', { ...example(), riskLevel: 'F0', updatedAt: '2021-08-16T01:00:00Z' });
    assert.equal(later.source.recordId, first.source.recordId);
    assert.notEqual(later.declarationId, first.declarationId);
  });

  it('refuses an unknown level and a phone that is not one, together', () => {
    assert.deepEqual(pointers(mapRefused('bluezone', { ...example(), riskLevel: 'F3', phoneNumber: '123' })), [
      '/riskLevel',
      '/phoneNumber',
    ]);
  });
});
