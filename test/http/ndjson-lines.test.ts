import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { ndjsonLines, type NdjsonLine } from '../../gateway/http/ndjson-lines';

/** What reading the whole body at once gives: split on \n, decode, trim, skip the blank, number as in the body; a line not UTF-8 said so. */
function whole(body: Buffer, maxLineBytes: number): NdjsonLine[] {
  const lines: Buffer[] = [];
  for (let start = 0; start <= body.length;) {
    const end = body.indexOf(0x0a, start);
    lines.push(body.subarray(start, end === -1 ? body.length : end));
    start = end === -1 ? body.length + 1 : end + 1;
  }
  return lines
    .map((bytes, i): NdjsonLine | undefined => {
      if (bytes.length > maxLineBytes) return { line: i + 1, tooLong: true };
      if (!isUtf8(bytes)) return { line: i + 1, notUtf8: true };
      const text = bytes.toString('utf8').trim();
      return text === '' ? undefined : { line: i + 1, text };
    })
    .filter((l): l is NdjsonLine => l !== undefined);
}

async function* chunked(body: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let start = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b)) {
    yield body.subarray(start, cut);
    start = cut;
  }
  yield body.subarray(start);
}

async function read(chunks: AsyncIterable<Buffer>, maxLineBytes: number): Promise<NdjsonLine[]> {
  const lines: NdjsonLine[] = [];
  for await (const line of ndjsonLines(chunks, maxLineBytes)) lines.push(line);
  return lines;
}

/** An NDJSON body read as it arrives gives exactly what reading it whole gives, wherever its chunks are cut. */
describe('NDJSON lines read as the body arrives', () => {
  const pieceArb = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom('\n', '\r\n', ' ', '\ufeff', 'ễ', 'Nguyễn Văn An', '😷', '{"a":1}', '\ud800'),
  );

  it('gives the lines, numbers and text of the whole body, whatever the chunks (UTF-8 characters cut between them included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pieceArb, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 }), async (pieces, cuts) => {
        const body = Buffer.from(pieces.join(''));
        assert.deepEqual(await read(chunked(body, cuts), 1024), whole(body, 1024));
      }),
      { numRuns: 300, seed: 20210815 },
    );
  });

  it('gives a line whose bytes are not UTF-8 as such, never its text with U+FFFD in it, wherever the chunks are cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), fc.array(fc.nat(), { maxLength: 8 }), async (bytes, cuts) => {
        const body = Buffer.from(bytes);
        assert.deepEqual(await read(chunked(body, cuts), 1024), whole(body, 1024));
      }),
      { numRuns: 300, seed: 20210815 },
    );
  });

  it('says which line is not UTF-8 (a Latin-1 name), and reads the lines around it', async () => {
    const body = Buffer.concat([
      Buffer.from('{"ho_ten":"Nguyễn An"}\n{"ho_ten":"Nguy'),
      Buffer.from([0xea, 0x6e]),
      Buffer.from('"}\n{"b":2}'),
    ]);
    assert.deepEqual(await read(chunked(body, [5, 27, 30]), 1024), [
      { line: 1, text: '{"ho_ten":"Nguyễn An"}' },
      { line: 2, notUtf8: true },
      { line: 3, text: '{"b":2}' },
    ]);
  });

  it('gives a line longer than the limit as too long, keeping none of it, and goes on with the next line', async () => {
    const long = 'x'.repeat(100);
    const body = Buffer.from(`{"a":1}\n${long}\n\n{"b":2}\n${long}`);
    assert.deepEqual(await read(chunked(body, [3, 20, 50, 90, 110]), 64), [
      { line: 1, text: '{"a":1}' },
      { line: 2, tooLong: true },
      { line: 4, text: '{"b":2}' },
      { line: 5, tooLong: true },
    ]);
  });
});
