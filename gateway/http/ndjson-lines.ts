import { isUtf8 } from 'node:buffer';

/** One non-blank line of an NDJSON body, numbered as in the body, or a line too long to be kept, or one that is not UTF-8. */
export type NdjsonLine = { line: number; text: string } | { line: number; tooLong: true } | { line: number; notUtf8: true };

const NEWLINE = 0x0a;

/**
 * The non-blank lines of an NDJSON body as its chunks arrive, each trimmed and numbered as in the
 * body (blank lines keep their number), pulled one at a time: while no line is asked for, no chunk
 * is. Lines are split on the byte `\n`, which is never part of a multi-byte UTF-8 character, and
 * each is decoded whole, so a character cut between two chunks reads as sent; a line that is not
 * valid UTF-8 is given as `notUtf8` (decoded, it would hold U+FFFD in place of what was sent). A line longer than
 * `maxLineBytes` is not kept: its bytes are skipped to its end and it is given as `tooLong`, so one
 * endless line holds no more than `maxLineBytes`.
 */
export async function* ndjsonLines(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;

  const take = (part: Buffer): void => {
    if (tooLong || part.length === 0) return;
    size += part.length;
    if (size > maxLineBytes) {
      tooLong = true;
      parts = [];
    } else parts.push(part);
  };
  const end = (): NdjsonLine | undefined => {
    line += 1;
    // A blank line costs a count, nothing more: a gzip of newlines unpacks to millions of them (32 MiB
    // of them took 20 s of the event loop when each was joined, checked and decoded).
    if (size === 0 && !tooLong) return undefined;
    const ended: NdjsonLine | undefined = tooLong ? { line, tooLong: true } : lineOf(line, Buffer.concat(parts, size));
    parts = [];
    size = 0;
    tooLong = false;
    return ended;
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, start)) {
      if (at > start) take(chunk.subarray(start, at));
      start = at + 1;
      const ended = end();
      if (ended) yield ended;
    }
    take(chunk.subarray(start));
  }
  if (size > 0 || tooLong) {
    const ended = end();
    if (ended) yield ended;
  }
}

/** A line's bytes as its text, trimmed (none for a blank line), or `notUtf8`. */
function lineOf(line: number, bytes: Buffer): NdjsonLine | undefined {
  if (!isUtf8(bytes)) return { line, notUtf8: true };
  const text = bytes.toString('utf8').trim();
  return text === '' ? undefined : { line, text };
}
