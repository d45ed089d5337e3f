import pino from 'pino';

let shared: (pino.DestinationStream & { flush(): void }) | undefined;

/**
 * Standard output for log lines, written once per turn of the event loop: the lines a turn wrote
 * (a busy gateway answers several requests a turn, each with its line) go out together in one
 * synchronous write right after it (setImmediate), where each was a write of its own. The write is
 * sonic-boom's, pino's own, which waits out a full pipe. Lines still waiting when the process
 * exits (process.exit, an uncaught error) are written on the way out; a process killed outright
 * loses at most its last turn's lines. One for the process: every logger shares it.
 */
export function turnBufferedStdout(): pino.DestinationStream {
  if (shared) return shared;
  const out = pino.destination({ dest: 1, sync: true });
  let pending = '';
  const flush = (): void => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    out.write(text);
  };
  process.on('exit', flush);
  shared = {
    write(line: string): void {
      if (pending === '') setImmediate(flush);
      pending += line;
    },
    flush,
  };
  return shared;
}

/** Writes the log lines waiting for the turn's end now: before text written to standard output directly (the sandbox's help), which would pass them. */
export function writeWaitingLines(): void {
  shared?.flush();
}
