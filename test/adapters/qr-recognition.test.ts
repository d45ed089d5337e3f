import assert from 'node:assert/strict';
import { createAdapterRegistry } from '../../adapters';

const registry = createAdapterRegistry();

/** Each QR text is recognised as exactly its reference. */
const assertRecognised = (expectations: [string, object][]) => {
  for (const [text, reference] of expectations) assert.deepEqual(registry.recognizeQr(text), reference, text);
};

describe('platform QR recognition', () => {
  it('recognises each platform code and names the instance and record', () => {
    const expectations: [string, object][] = [
      ['TKYT:TK21081500012345', { instance: 'tokhaiyte', recordId: 'TK21081500012345' }],
      ['NCOVI:3f6c1d2e-8a4b-4c1e-9d55-0c2a7b9e1f10', { instance: 'ncovi', recordId: '3f6c1d2e-8a4b-4c1e-9d55-0c2a7b9e1f10' }],
      ['BZ:BZ7K2M9QXA', { instance: 'bluezone', recordId: 'BZ7K2M9QXA' }],
      ['ZLHD:congan.quangnam:7301928374650192837', { instance: 'zalo', scope: 'congan.quangnam', recordId: '7301928374650192837' }],
      ['C06Q:C06-79-20210815-000042', { instance: 'c06', recordId: 'C06-79-20210815-000042' }],
      ['SC:hanoi:HN-2021-0720-88812', { instance: 'smartcity-hanoi', recordId: 'HN-2021-0720-88812' }],
      ['SC:binhduong:BD-2021-0815-10001', { instance: 'smartcity-binhduong', recordId: 'BD-2021-0815-10001' }],
      ['SC:haiphong:HP-2021-0820-20001', { instance: 'smartcity-haiphong', recordId: 'HP-2021-0820-20001' }],
    ];
    assertRecognised(expectations);
  });

  it('tolerates the whitespace and lower-case prefix some scanners produce', () => {
    assert.deepEqual(registry.recognizeQr(' tkyt:TK21081500012345\n'), { instance: 'tokhaiyte', recordId: 'TK21081500012345' });
  });

  it('refuses a C06 code that carries the personal number itself', () => {
    assert.equal(registry.recognizeQr('C06:079085001234'), undefined);
  });

  it('recognises nothing in malformed or foreign text', () => {
    for (const text of [
      '',
      'TKYT:',
      'TKYT:..',
      'TKYT:a b',
      'BZ:bz/7k2m',
      'SC:danang:DN-2021-0101-12345',
      'ZLHD:7301928374650192837',
      'https://example.vn/qr',
      'NCOVI:not a uuid',
      'X'.repeat(5000),
    ]) {
      assert.equal(registry.recognizeQr(text), undefined, text.slice(0, 40));
    }
  });

  describe('record ids are opaque: any id of 1 to 64 letters, digits, -, _, . or :', () => {
    it('recognises ids of other shapes than the documented example, in either case, kept as written', () => {
      const expectations: [string, object][] = [
        ['TKYT:tk-2021.08.15:000123', { instance: 'tokhaiyte', recordId: 'tk-2021.08.15:000123' }],
        ['BZ:bz7k2m9qxa', { instance: 'bluezone', recordId: 'bz7k2m9qxa' }],
        ['BZ:X', { instance: 'bluezone', recordId: 'X' }],
        ['NCOVI:NCV_20210815_000777', { instance: 'ncovi', recordId: 'NCV_20210815_000777' }],
        ['C06Q:c06.79.20210815.42', { instance: 'c06', recordId: 'c06.79.20210815.42' }],
        ['ZLHD:CongAn.QuangNam:ZL-2021-05-10_AbC123', { instance: 'zalo', scope: 'CongAn.QuangNam', recordId: 'ZL-2021-05-10_AbC123' }],
        ['SC:hanoi:hn_2021_0720_88812a', { instance: 'smartcity-hanoi', recordId: 'hn_2021_0720_88812a' }],
        [`TKYT:${'A'.repeat(64)}`, { instance: 'tokhaiyte', recordId: 'A'.repeat(64) }],
      ];
      assertRecognised(expectations);
    });

    it('looks an NCOVI UUID up in lower case, however it was printed (a UUID has no case)', () => {
      assert.deepEqual(registry.recognizeQr('NCOVI:3F6C1D2E-8A4B-4C1E-9D55-0C2A7B9E1F10'), {
        instance: 'ncovi',
        recordId: '3f6c1d2e-8a4b-4c1e-9d55-0c2a7b9e1f10',
      });
    });

    it('refuses an id of 65 characters, one with whitespace, a control character or a slash, and one of dots alone', () => {
      for (const text of [
        `TKYT:${'A'.repeat(65)}`,
        'BZ:BZ 7K2M',
        'BZ:BZ\u00007K2M',
        'NCOVI:abc/def',
        'TKYT:.',
        'C06Q:..',
        'BZ:-:-',
        'TKYT:Nguyễn',
      ]) {
        assert.equal(registry.recognizeQr(text), undefined, JSON.stringify(text));
      }
    });

    it('never takes a ":" inside a Zalo or SmartCity id, where ":" separates the parts of the code', () => {
      assert.equal(registry.recognizeQr('ZLHD:congan.quangnam:7301:928374650192837'), undefined);
      assert.equal(registry.recognizeQr('SC:hanoi:HN:2021'), undefined);
    });

    it('never recognises a C06 code that holds the 12-digit personal number, however it is dressed', () => {
      for (const text of ['C06:079085001234', 'C06Q:079085001234', 'C06Q:C06:079085001234', 'c06q:x-079085001234-y']) {
        assert.equal(registry.recognizeQr(text), undefined, text);
      }
    });
  });
});
