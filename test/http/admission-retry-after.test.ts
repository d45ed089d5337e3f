import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { admission, MAX_RETRY_AFTER_MS } from '../../gateway/http/admission';

const SECOND = 1000;

/** A request at the admission: its caller, the Retry-After it was told, the error it was refused with, and its answer's end. */
function arrive(gate: ReturnType<typeof admission>, subject: string) {
  const headers: Record<string, string> = {};
  const res = Object.assign(new EventEmitter(), {
    headersSent: false,
    locals: { caller: { subject } },
    statusCode: 200,
    set: (name: string, value: string) => void (headers[name] = value),
  });
  let refusal: unknown = 'admitted';
  gate({} as Request, res as unknown as Response, ((error?: unknown) => void (refusal = error ?? 'admitted')) as NextFunction);
  return {
    retryAfter: headers['Retry-After'],
    refused: refusal === 'admitted' ? undefined : (refusal as { code: string }).code,
    end: () => res.emit('finish'),
    /** The client went away before its answer: its time says nothing of how long a place is held. */
    leave: () => res.emit('close'),
  };
}

/**
 * A refusal's Retry-After says when a place should free, from how long places have been held of
 * late: two partners' minute-long batches held both places while refusals said `Retry-After: 1`,
 * and their peers asked sixty times for a place (a review).
 */
describe("an admission's Retry-After", () => {
  it('is a second before any place has been given back, and for places held a moment (scans)', () => {
    let now = 0;
    const gate = admission({ what: 'scans', perProcess: 1 }, () => now);
    const first = arrive(gate, 'checkpoint-cua-khau-moc-bai');
    assert.deepEqual([arrive(gate, 'checkpoint-b').retryAfter, arrive(gate, 'checkpoint-b').refused], ['1', 'overloaded']);
    now = 40;
    first.end();
    arrive(gate, 'checkpoint-cua-khau-moc-bai');
    now = 60;
    assert.equal(arrive(gate, 'checkpoint-b').retryAfter, '1');
  });

  it('says how long the soonest-ending place should still run when places are held for a long time (batches), to the process and to the caller', () => {
    let now = 0;
    const gate = admission({ what: 'batches', perProcess: 2, perCaller: 1 }, () => now);
    const warmUp = arrive(gate, 'so-y-te-ha-noi');
    now = 40 * SECOND;
    warmUp.end();
    // Two partners' batches: one from 40 s, one from 50 s; the typical batch holds its place 40 s.
    arrive(gate, 'so-y-te-ha-noi');
    now = 50 * SECOND;
    arrive(gate, 'bluezone-partner');
    now = 60 * SECOND;
    const third = arrive(gate, 'ncovi-partner');
    assert.deepEqual([third.refused, third.retryAfter], ['overloaded', '20']);
    const again = arrive(gate, 'bluezone-partner');
    assert.deepEqual([again.refused, again.retryAfter], ['too-many-requests', '30']);
  });

  it('reads the recent times at their 90th percentile, of answered requests alone: small batches and clients gone at once do not make a minute a second', () => {
    let now = 0;
    const gate = admission({ what: 'batches', perProcess: 1 }, () => now);
    for (let i = 0; i < 3; i += 1) {
      const long = arrive(gate, 'so-y-te-ha-noi');
      now += 60 * SECOND;
      long.end();
    }
    for (let i = 0; i < 10; i += 1) {
      const small = arrive(gate, 'bluezone-partner');
      now += SECOND / 5;
      small.end();
      // Two clients that took the place and left at once.
      arrive(gate, 'ncovi-partner').leave();
      arrive(gate, 'ncovi-partner').leave();
    }
    arrive(gate, 'so-y-te-ha-noi');
    now += 5 * SECOND;
    assert.equal(arrive(gate, 'bluezone-partner').retryAfter, '55');
  });

  it('guesses, for a place held past the typical time or before any request was answered, as long again as it has run', () => {
    let now = 0;
    const gate = admission({ what: 'batches', perProcess: 1 }, () => now);
    arrive(gate, 'so-y-te-ha-noi');
    now = 20 * SECOND;
    assert.equal(arrive(gate, 'bluezone-partner').retryAfter, '20');
  });

  it(`is at least a second, and at most ${MAX_RETRY_AFTER_MS / SECOND} s`, () => {
    let now = 0;
    const gate = admission({ what: 'batches', perProcess: 1 }, () => now);
    const long = arrive(gate, 'so-y-te-ha-noi');
    now = 10 * 60 * SECOND;
    long.end();
    const next = arrive(gate, 'so-y-te-ha-noi');
    now += SECOND;
    assert.equal(arrive(gate, 'bluezone-partner').retryAfter, String(MAX_RETRY_AFTER_MS / SECOND));
    now += 20 * 60 * SECOND;
    assert.equal(arrive(gate, 'bluezone-partner').retryAfter, String(MAX_RETRY_AFTER_MS / SECOND));
    next.end();
  });
});
