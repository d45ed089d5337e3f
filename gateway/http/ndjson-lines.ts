/** One non-blank line of an NDJSON body, numbered as in the body, or a line too long to be kept. */
export type NdjsonLine = { line: number; text: string } | { line: number; tooLong: true };

const NEWLINE = 0x0a;

/**
 * The non-blank lines of an NDJSON body as its chunks arrive, each trimmed and numbered as in the
 * body (blank lines keep their number), pulled one at a time: while no line is asked for, no chunk
 * is. Lines are split on the byte `\n`, which is never part of a multi-byte UTF-8 character, and
 * each is decoded whole, so a character cut between two chunks reads as sent and bad UTF-8 becomes
 * U+FFFD, exactly as decoding the whole body and splitting it would. A line longer than
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
    const text = tooLong ? '' : Buffer.concat(parts, size).toString('utf8').trim();
    const ended: NdjsonLine | undefined = tooLong ? { line, tooLong: true } : text === '' ? undefined : { line, text };
    parts = [];
    size = 0;
    tooLong = false;
    return ended;
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, start)) {
      take(chunk.subarray(start, at));
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
