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

  it('when only the identifiers differ by what cleaning takes away: a record stored before canonical identifiers were cleaned', () => {
    const asSentThen: CanonicalDeclaration = {
      ...stored,
      subject: {
        ...stored.subject,
        identifiers: [
          { system: 'vn-cccd', value: '079 085 001 234' },
          { system: 'phone', value: '0912.345.678' },
        ],
      },
    };
    assert.deepEqual(
      stored.subject.identifiers?.map((id) => id.value),
      ['079085001234', '+84912345678'],
    );
    assert.equal(sameSourceRecord(stored, asSentThen), true);
    const another = {
      ...asSentThen,
      subject: { ...asSentThen.subject, identifiers: [{ system: 'vn-cccd' as const, value: '001085009999' }] },
    };
    assert.equal(sameSourceRecord(stored, another), false);
  });

  it('never when the name is another one', () => {
    assert.equal(sameSourceRecord(named(stored, 'Trần Thị Bình'), stored), false);
  });
});
