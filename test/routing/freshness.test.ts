import assert from 'node:assert/strict';
import type { CanonicalDeclaration } from '../../gateway/domain/canonical-declaration';
import { Retention } from '../../gateway/domain/retention';
import { ageSeconds, answerFingerprint, isFresh, keptUntil, type HeldAnswer } from '../../gateway/routing/freshness';

const T0 = Date.parse('2021-08-15T08:00:00+07:00');
const WINDOW_MS = 30_000;

function answer(receivedAt: number, keptUntilMs = receivedAt + 60_000): HeldAnswer {
  return { declaration: null, receivedAt, keptUntil: keptUntilMs };
}

/** Bà Nguyễn Thị Hoa's declaration at the Cầu Giẽ checkpoint, as tokhaiyte answered it. */
function declaration(declaredAt: string, receivedAt: string): CanonicalDeclaration {
  return {
    schemaVersion: '1',
    declarationId: 'decl_tokhaiyte_TK21081500012345',
    kind: 'domestic',
    source: { platform: 'tokhaiyte', instance: 'tokhaiyte', recordId: 'TK21081500012345', receivedAt },
    declaredAt,
    subject: { fullName: 'Nguyễn Thị Hoa', birthDate: '1985', sex: 'female' },
    quality: { flags: [] },
  } as unknown as CanonicalDeclaration;
}

describe('freshness: whether a platform answer may stand in for a call (the clock passed in)', () => {
  it('is fresh within the window and not from its last millisecond on', () => {
    assert.equal(isFresh(answer(T0), WINDOW_MS, T0), true);
    assert.equal(isFresh(answer(T0), WINDOW_MS, T0 + WINDOW_MS - 1), true);
    assert.equal(isFresh(answer(T0), WINDOW_MS, T0 + WINDOW_MS), false);
  });

  it('is never fresh with the window off (0)', () => {
    assert.equal(isFresh(answer(T0), 0, T0), false);
  });

  it('is not fresh past what it may be held for, inside the window or not', () => {
    assert.equal(isFresh(answer(T0, T0 + 10_000), WINDOW_MS, T0 + 10_000), false);
  });

  it('is not fresh when received after now (a clock stepped back): its age cannot be told', () => {
    assert.equal(isFresh(answer(T0 + 5000), WINDOW_MS, T0), false);
  });

  it('states its age in whole seconds, never below zero', () => {
    assert.equal(ageSeconds(T0, T0 + 12_400), 12);
    assert.equal(ageSeconds(T0, T0 + 12_600), 13);
    assert.equal(ageSeconds(T0 + 1000, T0), 0);
  });
});

describe('freshness: how long an answer is held', () => {
  const retention = new Retention(28);

  it('holds an answer for the time asked while its declaration is within retention', () => {
    const held = declaration('2021-08-15T07:45:00+07:00', '2021-08-15T08:00:00+07:00');
    assert.equal(keptUntil(held, T0, 60_000, retention), T0 + 60_000);
  });

  it('lets a cached answer go with its declaration: never past DECLARATION_RETENTION_DAYS from its declaredAt', () => {
    // Declared 28 days less 20 seconds ago: its retention ends in 20 s, inside the minute asked.
    const declaredAt = new Date(T0 - retention.ms + 20_000).toISOString();
    assert.equal(keptUntil(declaration(declaredAt, new Date(T0).toISOString()), T0, 60_000, retention), T0 + 20_000);
  });

  it('holds a not-found for the time asked: it holds nothing personal', () => {
    assert.equal(keptUntil(null, T0, 60_000, retention), T0 + 60_000);
  });

  it('tells two answers apart by what the platform said, not by when the gateway received it', () => {
    const first = declaration('2021-08-15T07:45:00+07:00', '2021-08-15T08:00:00+07:00');
    const again = declaration('2021-08-15T07:45:00+07:00', '2021-08-15T08:00:31+07:00');
    const newer = declaration('2021-08-15T07:50:00+07:00', '2021-08-15T08:00:31+07:00');
    assert.equal(answerFingerprint(first), answerFingerprint(again));
    assert.notEqual(answerFingerprint(first), answerFingerprint(newer));
    assert.notEqual(answerFingerprint(first), answerFingerprint(null));
  });
});
