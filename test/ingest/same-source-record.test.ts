import assert from 'node:assert/strict';
import type { CanonicalDeclaration } from '../../gateway/domain/canonical-declaration';
import { sameSourceRecord } from '../../gateway/ingest/same-source-record';
import { goldenNative, mapAccepted } from '../support/mapping';

describe('a resent record is the stored one', () => {
  const stored = mapAccepted('tokhaiyte', goldenNative('tokhaiyte', '01'));
  const named = (declaration: CanonicalDeclaration, fullName: string): CanonicalDeclaration => ({
    ...declaration,
    subject: { ...declaration.subject, fullName },
  });

  it('when only the name differs by what cleaning takes away: a record stored before canonical names were cleaned', () => {
    const clean = stored.subject.fullName as string;
    const asSentThen = named(stored, `${clean.slice(0, 2)}\u200B${clean.slice(2)}`.normalize('NFD'));
    assert.equal(sameSourceRecord(named(stored, clean), asSentThen), true);
  });

  it('never when the name is another one', () => {
    assert.equal(sameSourceRecord(named(stored, 'Trần Thị Bình'), stored), false);
  });
});
