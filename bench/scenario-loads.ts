import type autocannon from 'autocannon';
import { newPersonRecord } from './new-person';

/** Every HTTP scenario's connections (issue 12): the same for the echo and the gateway. */
export const CONNECTIONS = 50;
/** Batches in flight at once: the gateway's default per process (BATCH_MAX_IN_FLIGHT 2). */
export const BATCH_CONNECTIONS = 2;
export const BATCH_SIZE = 1000;

/** The echo's body: about the size of a scan's (a unified QR is some 200 characters). */
const ECHO_BODY = JSON.stringify({ qr: `VNHC1:${'A'.repeat(200)}`, checkpointId: 'chot-kiem-dich-q1-01' });

/** Counts of what the answers of the recorded runs said (scan outcomes, batch lines), shown as shares beside a scenario's figures. */
export class Tally {
  private readonly counts = new Map<string, number>();
  private answers = 0;

  add(label: string, count = 1): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + count);
  }

  reset(): void {
    this.counts.clear();
    this.answers = 0;
  }

  answered(): void {
    this.answers += 1;
  }

  /** `label n (share)`, most frequent first; shares of the labels' sum. */
  describe(what: string): string {
    const total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
    const parts = [...this.counts].sort((a, b) => b[1] - a[1]).map(([label, n]) => `${label} ${n} (${((100 * n) / total).toFixed(1)}%)`);
    return `${what}: ${parts.join(', ') || 'none'}`;
  }

  /** Labels counted per answer (sources per scan, say). */
  perAnswer(label?: string): number {
    const counted = label === undefined ? [...this.counts.values()].reduce((s, n) => s + n, 0) : (this.counts.get(label) ?? 0);
    return this.answers === 0 ? 0 : counted / this.answers;
  }
}

/**
 * The QRs a scan load takes, in order and round again past the end, counting the scans of a QR
 * taken before: scenario 1 must have none (every scan a citizen the process has not scanned).
 */
export class QrSequence {
  private next = 0;

  constructor(readonly qrs: readonly string[]) {}

  take(): string {
    return this.qrs[this.next++ % this.qrs.length] as string;
  }

  /** QRs taken so far. */
  get taken(): number {
    return this.next;
  }

  /** Scans of a QR already taken once (past the end of the list). */
  get repeated(): number {
    return Math.max(0, this.next - this.qrs.length);
  }
}

type Load = (seconds: number) => autocannon.Options;

/**
 * What every HTTP client sends (axios, fetch, browsers), and autocannon does not: without it the bench
 * never saw what compressing an answer costs (at the 1 KiB threshold then, 0.3 ms a replayed record).
 */
const ACCEPT_ENCODING = { 'accept-encoding': 'gzip, deflate, br' };

const common = (url: string, seconds: number, headers: Record<string, string>, connections = CONNECTIONS): autocannon.Options => ({
  url,
  method: 'POST',
  headers: { ...ACCEPT_ENCODING, ...headers },
  connections,
  duration: seconds,
  timeout: 30,
});

export function echoLoad(baseUrl: string): Load {
  return (seconds) => ({ ...common(`${baseUrl}/echo`, seconds, { 'content-type': 'application/json' }), body: ECHO_BODY });
}

const scanHeaders = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

/**
 * Scans of unified QRs, each connection taking the next QR of `qrs`; every answer's status and
 * each source's outcome (answered, not-found, fresh-cache, timeout...) counted in `sources`.
 */
export function scanLoad(
  baseUrl: string,
  token: string,
  qrs: QrSequence,
  statuses: Tally,
  sources: Tally,
  /** When given: each QR's sources (the instances its scan asked, sorted), as its answer listed them. */
  asked?: Map<string, string>,
): Load {
  return (seconds) => ({
    ...common(`${baseUrl}/v1/verify`, seconds, scanHeaders(token)),
    requests: [
      {
        // A connection sends its next request after the answer: its context holds the QR in flight.
        setupRequest: (req, context: { qr?: string }) => {
          context.qr = qrs.take();
          return { ...req, body: JSON.stringify({ qr: context.qr }) };
        },
        onResponse: (status, body, context: { qr?: string }) => {
          if (status !== 200) return statuses.add(`HTTP ${status}`);
          const answer = JSON.parse(body) as { status: string; sources: { instance: string; outcome: string }[] };
          statuses.add(answer.status);
          sources.answered();
          for (const source of answer.sources) sources.add(source.outcome);
          asked?.set(
            context.qr as string,
            answer.sources
              .map((source) => source.instance)
              .sort()
              .join(' '),
          );
        },
      },
    ],
  });
}

/** The scans' requests, bodies and headers to the bare fan-out (bench/fan-out-server.ts), which answers without a status of its own. */
export function fanOutLoad(baseUrl: string, token: string, qrs: QrSequence): Load {
  return (seconds) => ({
    ...common(`${baseUrl}/scan`, seconds, scanHeaders(token)),
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ qr: qrs.take() }) }) }],
  });
}

const ingestHeaders = (token: string, contentType = 'application/json') => ({
  authorization: `Bearer ${token}`,
  'content-type': contentType,
});

/** A new person's record in every request (201 each: mapped, joined as a new citizen, given a QR, stored). */
export function newPersonLoad(baseUrl: string, token: string): Load {
  return (seconds) => ({
    ...common(`${baseUrl}/v1/sources/tokhaiyte/declarations`, seconds, ingestHeaders(token)),
    requests: [{ setupRequest: (req) => ({ ...req, body: newPersonRecord() }) }],
  });
}

/** One stored record sent again and again (200 each: a replay changes nothing). */
export function replayLoad(baseUrl: string, token: string, record: string): Load {
  return (seconds) => ({ ...common(`${baseUrl}/v1/sources/tokhaiyte/declarations`, seconds, ingestHeaders(token)), body: record });
}

/** NDJSON batches of BATCH_SIZE new people; each answer's summary line counted in `lines` (created, refused...). */
export function batchLoad(baseUrl: string, token: string, lines: Tally): Load {
  return (seconds) => ({
    ...common(
      `${baseUrl}/v1/sources/tokhaiyte/declarations:batch`,
      seconds,
      ingestHeaders(token, 'application/x-ndjson'),
      BATCH_CONNECTIONS,
    ),
    timeout: 120,
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: Array.from({ length: BATCH_SIZE }, newPersonRecord).join('\n') }),
        onResponse: (status, body) => {
          if (status !== 200) return lines.add(`HTTP ${status}`);
          const last = body.trimEnd().slice(body.trimEnd().lastIndexOf('\n') + 1);
          const { summary } = JSON.parse(last) as { summary?: Record<string, number> };
          for (const [label, n] of Object.entries(summary ?? { 'no summary': 1 })) if (label !== 'records' && n > 0) lines.add(label, n);
        },
      },
    ],
  });
}
