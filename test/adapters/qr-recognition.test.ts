import assert from 'node:assert/strict';
import { createAdapterRegistry } from '../../adapters';

const registry = createAdapterRegistry();

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
    for (const [text, reference] of expectations) assert.deepEqual(registry.recognizeQr(text), reference, text);
  });

  it('tolerates the whitespace and lower-case prefix some scanners produce', () => {
    assert.deepEqual(registry.recognizeQr(' tkyt:TK21081500012345\n'), { instance: 'tokhaiyte', recordId: 'TK21081500012345' });
  });

  it('refuses a C06 code that carries the personal number itself', () => {
    assert.equal(registry.recognizeQr('C06:079085001234'), undefined);
  });

  it('recognises nothing in malformed or foreign text', () => {
    for (const text of ['', 'TKYT:', 'TKYT:abc', 'BZ:bz7k2m9qxa', 'SC:danang:DN-2021-0101-12345', 'ZLHD:7301928374650192837', 'https://example.vn/qr', 'NCOVI:not-a-uuid', 'X'.repeat(5000)]) {
      assert.equal(registry.recognizeQr(text), undefined, text.slice(0, 40));
    }
  });
});
