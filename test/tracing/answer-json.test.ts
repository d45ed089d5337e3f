import assert from 'node:assert/strict';
import type { TracedStay, TracingAnswer } from '../../gateway/domain/tracing';
import { tracingAnswerJson } from '../../gateway/tracing/answer-json';

/** Stays at the Chợ Bến Thành stalls, one a minute from 08:00 on 23 March 2021. */
function stays(count: number): TracedStay[] {
  return Array.from({ length: count }, (_, i) => ({
    citizenId: i % 7 === 0 ? null : `cit_${String(i).padStart(22, '0')}`,
    venueId: `ven_${String(i % 3).padStart(22, 'a')}`,
    in: new Date(Date.parse('2021-03-23T08:00:00+07:00') + i * 60_000).toISOString(),
    out: new Date(Date.parse('2021-03-23T09:00:00+07:00') + i * 60_000).toISOString(),
    outSource: i % 2 === 0 ? 'manual' : 'auto',
    overlapMinutes: 60,
  }));
}

describe('a tracing answer written a part at a time', () => {
  for (const count of [0, 1, 999, 1000, 1001, 2500]) {
    it(`is the same text JSON.stringify gives, with ${count} stay(s)`, async () => {
      const answer: TracingAnswer = { queryId: 'trq_Hải-Phòng-2021', citizens: count, stays: stays(count) };
      assert.equal(await tracingAnswerJson(answer), JSON.stringify(answer));
    });
  }

  it('lets the event loop turn between parts, so other requests are served while a large answer is written', async () => {
    let turnsWhileWriting = 0;
    const ticking = setInterval(() => turnsWhileWriting++, 0);
    try {
      await tracingAnswerJson({ queryId: 'trq_x', citizens: 5000, stays: stays(5000) });
    } finally {
      clearInterval(ticking);
    }
    assert.ok(turnsWhileWriting >= 1, 'a timer ran while the answer was written');
  });
});
