import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { validateCanonical } from '../../gateway/domain/canonical-schema';
import { declarationIdFor } from '../../gateway/domain/declaration-id';
import { loadGoldenCases } from '../support/golden-pairs';

const example = () => structuredClone(loadGoldenCases('accepted').find((c) => c.instance === 'tokhaiyte')!.canonical!);

describe('the canonical declaration schema', () => {
  it('accepts a complete declaration', () => {
    assert.equal(validateCanonical(example()), true, JSON.stringify(validateCanonical.errors));
  });

  it('refuses a time that is not at +07:00', () => {
    const declaration = example();
    declaration.declaredAt = '2021-08-15T00:45:00Z';
    assert.equal(validateCanonical(declaration), false);
  });

  it('refuses codes outside its lists: a symptom, a flag, an identifier system', () => {
    for (const mutate of [
      (d: any) => (d.health.symptoms = ['headache']),
      (d: any) => (d.quality.flags = ['suspicious']),
      (d: any) => (d.subject.identifiers = [{ system: 'email', value: 'a@b.vn' }]),
      (d: any) => (d.subject.address.provinceCode = '7'),
    ]) {
      const declaration = example();
      mutate(declaration);
      assert.equal(validateCanonical(declaration), false);
    }
  });

  it('accepts a year-only birth date and refuses any other partial date', () => {
    const declaration = example();
    declaration.subject.birthDate = '1985';
    assert.equal(validateCanonical(declaration), true);
    declaration.subject.birthDate = '1985-03';
    assert.equal(validateCanonical(declaration), false);
  });

  it('refuses a field it does not define', () => {
    const declaration = { ...example(), extra: true };
    assert.equal(validateCanonical(declaration), false);
  });
});

describe('declaration ids', () => {
  it('are the same for the same instance and record, and differ across instances and versions', () => {
    const id = declarationIdFor('tokhaiyte', 'TK21081500012345');
    assert.match(id, /^dcl_[0-9a-z]{26}$/);
    assert.equal(declarationIdFor('tokhaiyte', 'TK21081500012345'), id);
    assert.notEqual(declarationIdFor('ncovi', 'TK21081500012345'), id);
    assert.notEqual(declarationIdFor('tokhaiyte', 'TK21081500012345', 'v2'), id);
  });

  it('are the base32 of the SHA-256 of instance, record id and version, byte for byte, whatever the text', () => {
    // The reference: createHash's Buffer read bit by bit, as ids were first written (stored ids must not change).
    const reference = (instance: string, recordId: string, version = '') => {
      const digest = createHash('sha256').update(`${instance}\n${recordId}\n${version}`).digest();
      let bitsText = '';
      for (const byte of digest) bitsText += byte.toString(2).padStart(8, '0');
      let id = 'dcl_';
      for (let i = 0; i < 26; i += 1) id += '0123456789abcdefghjkmnpqrstvwxyz'[parseInt(bitsText.slice(i * 5, i * 5 + 5), 2)];
      return id;
    };
    const texts = ['TK21081500012345', '', 'Nguyễn Văn A', '😀\ud800x', 'a\nb', 'x'.repeat(200)];
    for (const recordId of texts)
      for (const version of [undefined, '', 'v2', 'phiên bản 3']) {
        assert.equal(declarationIdFor('tokhaiyte', recordId, version), reference('tokhaiyte', recordId, version));
      }
  });
});
