import assert from 'node:assert/strict';
import type { CanonicalDeclaration } from '../../gateway/domain/canonical-declaration';
import { checkpointStatus } from '../../gateway/verify/checkpoint-status';
import { goldenNative, mapAccepted } from '../support/mapping';

const NOW = new Date('2021-08-20T08:00:00+07:00');
const daysAgo = (days: number, hours = 0) =>
  new Date(NOW.getTime() - days * 86_400_000 - hours * 3_600_000).toISOString().slice(0, 19) + 'Z';

/** A clean tokhaiyte declaration (no symptom, no exposure, no flag) declared `days` ago. */
function domestic(days: number, change: (d: CanonicalDeclaration) => void = () => {}): CanonicalDeclaration {
  const d = mapAccepted('tokhaiyte', goldenNative('tokhaiyte', '07'));
  d.declaredAt = daysAgo(days).replace('Z', '+00:00');
  change(d);
  return d;
}
const exposure = (days: number, level: 'F0' | 'F1' | 'F2' | 'none') =>
  domestic(days, (d) => {
    d.kind = 'exposure';
    d.health = { riskLevel: level };
  });
const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code);

describe('checkpoint status policy', () => {
  it('is green for a clean declaration within 7 days', () => {
    const result = checkpointStatus([domestic(2)], NOW);
    assert.equal(result.status, 'green');
    assert.deepEqual(codes(result), ['recent-declaration']);
  });

  it("never weighs a community report (a citizen's report about someone else): its code is unknown, not the reported person's symptoms", () => {
    const report = mapAccepted('smartcity-hanoi', {
      ...goldenNative('smartcity-hanoi', '01'),
      type: 'COVID_REPORT',
      timestamp: '2021-08-20 07:30:00',
    });
    assert.deepEqual(report.health?.symptoms, ['fever', 'cough']);
    const alone = checkpointStatus([report], NOW);
    assert.deepEqual([alone.status, codes(alone)], ['unknown', ['not-a-declaration']]);
    assert.deepEqual(codes(checkpointStatus([domestic(1), report], NOW)), ['recent-declaration']);
  });

  it('is red for F0 or F1 in any source within 14 days', () => {
    assert.equal(checkpointStatus([domestic(1), exposure(13, 'F0')], NOW).status, 'red');
    assert.deepEqual(codes(checkpointStatus([domestic(1), exposure(3, 'F1')], NOW)), ['risk-f1']);
  });

  it('is no longer red for an F1 more than 14 days old', () => {
    assert.equal(checkpointStatus([domestic(1), exposure(15, 'F1')], NOW).status, 'green');
  });

  it('is red for a confirmed-case contact declared within 14 days', () => {
    assert.deepEqual(codes(checkpointStatus([domestic(1, (d) => (d.health = { exposures: ['confirmed-case'] }))], NOW)), [
      'confirmed-case-contact',
    ]);
  });

  it('measures a Bluezone F1 from its last contact, not from when the record was touched', () => {
    const f1 = (contactDays: number, touchedDays: number) =>
      mapAccepted('bluezone', {
        ...goldenNative('bluezone', '01'),
        riskLevel: 'F1',
        lastContactAt: daysAgo(contactDays),
        updatedAt: daysAgo(touchedDays),
      });
    assert.equal(checkpointStatus([domestic(1), f1(30, 1)], NOW).status, 'green', 'a contact 30 days ago, touched yesterday, is not red');
    assert.deepEqual(codes(checkpointStatus([domestic(1), f1(13, 1)], NOW)), ['risk-f1']);
  });

  it('counts only the newest version of a record: a Bluezone F1 updated to NONE is no longer red', () => {
    const version = (riskLevel: string, hoursAgo: number) =>
      mapAccepted('bluezone', {
        ...goldenNative('bluezone', '01'),
        riskLevel,
        lastContactAt: daysAgo(2),
        updatedAt: daysAgo(0, hoursAgo),
      });
    assert.equal(checkpointStatus([domestic(1), version('F1', 48), version('NONE', 1)], NOW).status, 'green');
    assert.equal(checkpointStatus([domestic(1), version('NONE', 48), version('F1', 1)], NOW).status, 'red');
  });

  it("never repeats an officer's free-text refusal reason, which may hold personal data", () => {
    const refused = domestic(0, (d) => {
      d.kind = 'movement';
      d.checkpoint = { decision: 'refused', reason: 'CCCD 001085001234 không khớp họ tên Hoàng Minh Thắng' };
    });
    const { reasons } = checkpointStatus([refused], NOW);
    assert.ok(!JSON.stringify(reasons).includes('Hoàng Minh Thắng') && !JSON.stringify(reasons).includes('001085001234'));
  });

  it('measures an F2 from its last contact too', () => {
    const f2 = mapAccepted('bluezone', {
      ...goldenNative('bluezone', '01'),
      riskLevel: 'F2',
      lastContactAt: daysAgo(20),
      updatedAt: daysAgo(1),
    });
    assert.equal(checkpointStatus([domestic(1), f2], NOW).status, 'green');
  });

  describe('at the edges of its windows (elapsed time, not calendar days)', () => {
    const at =
      (time: string) =>
      (change: (d: CanonicalDeclaration) => void = () => {}) =>
        domestic(0, (d) => {
          d.declaredAt = time;
          change(d);
        });
    const scan = new Date('2021-08-20T00:00:30+07:00'); // just after local midnight

    it('is fresh at exactly 7 days, and stale one second later', () => {
      assert.equal(checkpointStatus([at('2021-08-13T00:00:30+07:00')()], scan).status, 'green');
      assert.equal(checkpointStatus([at('2021-08-13T00:00:29+07:00')()], scan).status, 'yellow');
    });

    it('counts elapsed time, not local calendar days: 23:59:59 eight calendar days before a scan just after midnight is stale', () => {
      assert.equal(checkpointStatus([at('2021-08-12T23:59:59+07:00')()], scan).status, 'yellow');
      assert.equal(checkpointStatus([at('2021-08-13T23:59:59+07:00')()], scan).status, 'green');
    });

    it('is red for an F1 at exactly 14 days, and not one second later', () => {
      const f1 = (time: string) => at(time)((d) => (d.health = { riskLevel: 'F1' }));
      assert.equal(checkpointStatus([domestic(1), f1('2021-08-06T00:00:30+07:00')], scan).status, 'red');
      assert.equal(checkpointStatus([domestic(1), f1('2021-08-06T00:00:29+07:00')], scan).status, 'green');
    });

    it('is yellow for a symptom at exactly 14 days, and not one second later', () => {
      const cough = (time: string) => at(time)((d) => (d.health = { symptoms: ['cough'] }));
      assert.equal(checkpointStatus([domestic(1), cough('2021-08-06T00:00:30+07:00')], scan).status, 'yellow');
      assert.equal(checkpointStatus([domestic(1), cough('2021-08-06T00:00:29+07:00')], scan).status, 'green');
    });

    it('is yellow for a checkpoint refusal at exactly 24 hours, and not one second later', () => {
      const refusal = (time: string) =>
        at(time)((d) => {
          d.kind = 'movement';
          d.checkpoint = { decision: 'refused', reason: 'Lệch thông tin họ tên' };
        });
      assert.deepEqual(codes(checkpointStatus([refusal('2021-08-19T00:00:30+07:00')], scan)), ['refused-at-checkpoint']);
      assert.equal(checkpointStatus([refusal('2021-08-19T00:00:29+07:00')], scan).status, 'green');
    });
  });

  it('is yellow for F2', () => {
    assert.deepEqual(codes(checkpointStatus([domestic(1), exposure(2, 'F2')], NOW)), ['risk-f2']);
  });

  it('is yellow for a symptom declared within 14 days, and green again after', () => {
    const withCough = (days: number) => domestic(days, (d) => (d.health = { symptoms: ['cough'] }));
    assert.deepEqual(codes(checkpointStatus([withCough(1)], NOW)), ['symptoms']);
    assert.equal(checkpointStatus([withCough(15), domestic(1)], NOW).status, 'green');
  });

  it('is yellow for a quality flag', () => {
    assert.deepEqual(codes(checkpointStatus([domestic(1, (d) => (d.quality.flags = ['id-birthyear-mismatch']))], NOW)), ['quality-flag']);
  });

  it('is yellow for a checkpoint refusal within 24 hours, and not after', () => {
    const refused = (hours: number) =>
      domestic(0, (d) => {
        d.kind = 'movement';
        d.declaredAt = daysAgo(0, hours).replace('Z', '+00:00');
        d.checkpoint = { decision: 'refused', reason: 'Sai thông tin CCCD' };
      });
    assert.deepEqual(codes(checkpointStatus([refused(5)], NOW)), ['refused-at-checkpoint']);
    assert.equal(checkpointStatus([refused(30)], NOW).status, 'green');
  });

  it('holds a real C06 refusal (flagged refused-at-checkpoint by its mapping) to the 24-hour window, not the 14 days of a quality flag', () => {
    const refused = mapAccepted('c06', { ...goldenNative('c06', '01'), trangThai: 'TU_CHOI', lyDoTuChoi: 'Sai thông tin CCCD' });
    assert.ok(refused.quality.flags.includes('refused-at-checkpoint'), 'the mapping flags the refusal');
    const after = (hours: number) => new Date(Date.parse(refused.declaredAt) + hours * 3_600_000);
    assert.deepEqual(codes(checkpointStatus([refused], after(5))), ['refused-at-checkpoint']);
    assert.equal(checkpointStatus([refused], after(30)).status, 'green');
  });

  it("holds a C06 passage accepted with a refusal's reason (checkpoint-decision-unclear) to the refusal's 24 hours, never longer than a refusal", () => {
    const unclear = mapAccepted('c06', { ...goldenNative('c06', '01'), trangThai: 'CHAP_NHAN', lyDoTuChoi: 'Lệch thông tin họ tên' });
    assert.deepEqual(unclear.quality.flags, ['checkpoint-decision-unclear']);
    const after = (hours: number) => new Date(Date.parse(unclear.declaredAt) + hours * 3_600_000);
    const early = checkpointStatus([unclear], after(5));
    assert.deepEqual([early.status, codes(early)], ['yellow', ['quality-flag']]);
    assert.equal(checkpointStatus([unclear], after(30)).status, 'green');
  });

  it('is yellow when the newest declaration is older than 7 days', () => {
    assert.deepEqual(codes(checkpointStatus([domestic(9)], NOW)), ['stale-declaration']);
  });

  it('does not count an exposure status as a fresh declaration', () => {
    assert.deepEqual(codes(checkpointStatus([exposure(1, 'none')], NOW)), ['stale-declaration']);
  });

  it('is unknown when no record was found anywhere', () => {
    assert.deepEqual(checkpointStatus([], NOW).status, 'unknown');
  });

  it('lists the yellow reasons after the red ones', () => {
    const result = checkpointStatus([exposure(1, 'F1'), domestic(1, (d) => (d.health = { symptoms: ['fever'] }))], NOW);
    assert.equal(result.status, 'red');
    assert.deepEqual(codes(result), ['risk-f1', 'symptoms']);
  });

  it('uses the windows an operator configured', () => {
    assert.equal(
      checkpointStatus([domestic(9)], NOW, { riskWindowDays: 14, symptomWindowDays: 14, refusalWindowHours: 24, freshDays: 10 }).status,
      'green',
    );
  });
});
