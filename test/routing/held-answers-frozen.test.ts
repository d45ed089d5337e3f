import assert from 'node:assert/strict';
import { HeldAnswers } from '../../gateway/routing/held-answers';
import { goldenNative, mapAccepted } from '../support/mapping';

describe('an answer held for the freshness window', () => {
  it('cannot be changed by a scan that reuses it: its declaration is frozen to its leaves', () => {
    const held = new HeldAnswers();
    const declaration = mapAccepted('tokhaiyte', goldenNative('tokhaiyte', '01'));
    held.hold('tokhaiyte|cit_NguyenVanAn', { declaration, receivedAt: 1000, keptUntil: 60_000 }, 1000, 60_000, 'digest');
    const reused = held.get('tokhaiyte|cit_NguyenVanAn', 2000)!.declaration!;
    // A scan's own shallow copy, as the router makes one, shares everything below its top level.
    const copy = { ...reused, source: { ...reused.source, receivedAt: '2021-09-12T08:00:00+07:00' } };
    assert.throws(() => {
      (copy.subject as { fullName?: string }).fullName = 'Lê Thị Chi';
    }, TypeError);
    assert.throws(() => (copy.health!.symptoms as string[]).push('fever'), TypeError);
    assert.equal(reused.subject.fullName, 'Nguyễn Văn An');
  });
});
