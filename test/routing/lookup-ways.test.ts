import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AdapterInstance, AdapterRegistry, type LookupClient, type LookupResult, type LookupSubject } from '../../adapters';
import { tokhaiyte } from '../../adapters/tokhaiyte/tokhaiyte-adapter';
import { Retention } from '../../gateway/domain/retention';
import { AdapterRouter, MAX_WAYS, MAX_WAYS_HELD } from '../../gateway/routing/adapter-router';
import { Deadline } from '../../gateway/routing/deadline';
import { MemoryPlatformBudgets } from '../../gateway/routing/platform-budget';
import { MemoryLastGoodAnswers } from '../../gateway/store/last-good-answers';

/** Anh Nguyễn Văn An's declaration of 15 August 2021 at 07:45, as tokhaiyte answers it (platforms.md's example). */
const NATIVE = JSON.parse(readFileSync('contracts/platforms/tokhaiyte/accepted/01-platforms-md-example.json', 'utf8')).native;
const T0 = Date.parse('2021-08-15T08:00:00+07:00');
const CCCD = { system: 'vn-cccd' as const, value: '079085001234' };
const CMND = { system: 'vn-cmnd' as const, value: '025123456' };
const SUBJECT: LookupSubject = { documents: [CCCD, CMND], phones: [], platformIds: [], scopes: [] };

/** A platform that files records under the document they were declared with, each asked by one document a call. */
class FilingPlatform implements LookupClient {
  readonly asked: string[] = [];
  /** What it holds under each document: a record (by its code and whether its author declared a sick contact), or nothing. */
  readonly filed = new Map<string, { code: string; sickContact: boolean }>();
  ways(subject: LookupSubject): LookupSubject[] {
    return subject.documents.map((document) => ({ ...subject, documents: [document] }));
  }
  async byRecord(): Promise<never> {
    throw new Error('not asked by record here');
  }
  async latest(subject: LookupSubject): Promise<LookupResult> {
    const document = subject.documents[0]?.value ?? '';
    this.asked.push(document);
    const record = this.filed.get(document);
    if (!record) return { found: false };
    const native = structuredClone(NATIVE);
    native.ma_to_khai = record.code;
    native.so_giay_to = document;
    native.loai_giay_to = document.length === 9 ? 'CMND' : /^\d{12}$/.test(document) ? 'CCCD' : 'HO_CHIEU';
    native.tiep_xuc_14_ngay.nguoi_benh_hoac_nghi_ngo = record.sickContact;
    return { found: true, native };
  }
}

function routed(rateBudgetPerSecond?: number, freshnessSeconds = 0) {
  const platform = new FilingPlatform();
  const clock = { now: T0 };
  const instance = new AdapterInstance(
    { name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'http://tkyt.test', ...(rateBudgetPerSecond ? { rateBudgetPerSecond } : {}) },
    { ...tokhaiyte, createClient: () => platform },
  );
  const retention = new Retention(3650);
  const router = new AdapterRouter(new AdapterRegistry([instance]), new MemoryLastGoodAnswers(retention), undefined, () => clock.now, {
    freshnessSeconds,
    budgets: new MemoryPlatformBudgets(),
    retention,
  });
  const scan = (subject = SUBJECT) => router.latestEach('tokhaiyte', subject, 'cit_an0000000000000000', new Deadline(800));
  return { platform, router, clock, scan };
}

const outcomes = (reports: { outcome: string; declaration?: { source: { recordId: string } } }[]) =>
  reports.map((r) => [r.outcome, r.declaration?.source.recordId]);
/** Each report's outcome, staleness and record, in the records' order: the ways' order turns from scan to scan. */
const staleOutcomes = (reports: { outcome: string; stale: boolean; declaration?: { source: { recordId: string } } }[]) =>
  reports.map((r) => [r.outcome, r.stale, r.declaration?.source.recordId]).sort((a, b) => String(b[2]).localeCompare(String(a[2])));

/** Her green declaration filed under the CCCD, and her red one (a sick contact) under the CMND. */
function fileGreenAndRed(platform: FilingPlatform): void {
  platform.filed.set(CCCD.value, { code: 'TK21081500000001', sickContact: false });
  platform.filed.set(CMND.value, { code: 'TK21081400000002', sickContact: true });
}

describe("a citizen's lookups on one platform: one for each way it files their records under", () => {
  it('asks by the CCCD and by the CMND, each a source of its own: a red kept under the CMND is found beside the green under the CCCD', async () => {
    const { platform, router, scan } = routed();
    fileGreenAndRed(platform);
    const reports = await scan();
    assert.deepEqual(outcomes(reports), [
      ['answered', 'TK21081500000001'],
      ['answered', 'TK21081400000002'],
    ]);
    assert.deepEqual(reports[1]?.declaration?.health?.exposures, ['confirmed-case']);
    assert.deepEqual(platform.asked, [CCCD.value, CMND.value]);
    await router.shutdown();
  });

  it('says not found under one document and answered under the other: never one answer for both', async () => {
    const { platform, router, scan } = routed();
    platform.filed.set(CMND.value, { code: 'TK21081400000002', sickContact: false });
    assert.deepEqual(outcomes(await scan()), [
      ['not-found', undefined],
      ['answered', 'TK21081400000002'],
    ]);
    await router.shutdown();
  });

  it('takes each lookup from the rate budget: past it, that way is budget-exhausted (its last answer stale), never not-found', async () => {
    const { platform, router, clock, scan } = routed(1);
    fileGreenAndRed(platform);
    const first = await scan();
    assert.deepEqual(
      first.map((r) => r.outcome),
      ['answered', 'budget-exhausted'],
    );
    clock.now += 1_000;
    // The next second, the ways in the other order (a newer record of theirs filed under the CMND): each keeps its own last answer.
    const second = await scan({ ...SUBJECT, documents: [CMND, CCCD] });
    assert.deepEqual(outcomes(second), [
      ['answered', 'TK21081400000002'],
      ['budget-exhausted', 'TK21081500000001'],
    ]);
    assert.equal(second[1]?.stale, true, "the CCCD's last answer, served stale with its age");
    assert.deepEqual(platform.asked, [CCCD.value, CMND.value]);
    await router.shutdown();
  });

  it(`never makes more than ${MAX_WAYS} lookups of a citizen on one platform a scan: a source says the rest were not asked, never not-found`, async () => {
    const { platform, router, scan } = routed();
    const documents = [CCCD, CMND, { system: 'passport' as const, value: 'C1234567' }, { system: 'passport' as const, value: 'B7654321' }];
    const reports = await scan({ ...SUBJECT, documents });
    assert.deepEqual(
      reports.map((r) => [r.outcome, r.detail]),
      [
        ['not-found', undefined],
        ['not-found', undefined],
        ['not-found', undefined],
        ['error', 'not-all-asked'],
      ],
    );
    assert.equal(platform.asked.length, MAX_WAYS);
    await router.shutdown();
  });

  it(`lists the ways past the ${MAX_WAYS_HELD} a scan weighs as one source not asked: a padded citizen's answer never looks complete`, async () => {
    const { platform, router, scan } = routed();
    const passports = Array.from({ length: MAX_WAYS_HELD + 2 }, (_, i) => ({
      system: 'passport' as const,
      value: `C${String(1000000 + i)}`,
    }));
    const reports = await scan({ ...SUBJECT, documents: passports });
    assert.equal(reports.length, MAX_WAYS_HELD + 1);
    assert.deepEqual(
      reports.slice(MAX_WAYS).map((r) => [r.outcome, r.detail]),
      Array.from({ length: MAX_WAYS_HELD + 1 - MAX_WAYS }, () => ['error', 'not-all-asked']),
    );
    assert.equal(platform.asked.length, MAX_WAYS);
    await router.shutdown();
  });

  it('keeps each way its own last answer: with the platform held open, each is served stale, the CMND red with the CCCD green', async () => {
    const { platform, router, clock, scan } = routed();
    fileGreenAndRed(platform);
    await scan();
    router.guards()[0]!.apply('open');
    clock.now += 5_000;
    const held = await scan();
    assert.deepEqual(staleOutcomes(held), [
      ['breaker-open', true, 'TK21081500000001'],
      ['breaker-open', true, 'TK21081400000002'],
    ]);
    await router.shutdown();
  });

  it("gives each way's last answer to a platform code whose platform is down (lastAnswerEach), the CMND's red with the CCCD's green", async () => {
    const { platform, router, clock, scan } = routed();
    fileGreenAndRed(platform);
    await scan();
    clock.now += 5_000;
    const failed = { instance: 'tokhaiyte', outcome: 'timeout' as const, latencyMs: 350, stale: false };
    const last = await router.lastAnswerEach(failed, SUBJECT, 'cit_an0000000000000000', new Deadline(800));
    assert.deepEqual(staleOutcomes(last), [
      ['timeout', true, 'TK21081500000001'],
      ['timeout', true, 'TK21081400000002'],
    ]);
    await router.shutdown();
  });

  it('serves a way with no answer of its own the one the citizen had when one way was all they were asked by: a second document orphans nothing', async () => {
    const { platform, router, clock, scan } = routed();
    platform.filed.set(CCCD.value, { code: 'TK21081500000001', sickContact: true });
    // Known by the CCCD alone: one way, the citizen's own answer.
    assert.deepEqual(outcomes(await scan({ ...SUBJECT, documents: [CCCD] })), [['answered', 'TK21081500000001']]);
    router.guards()[0]!.apply('open');
    clock.now += 5_000;
    // A CMND learned since: two ways, neither with an answer of its own; the platform held open.
    const held = await scan();
    assert.deepEqual(staleOutcomes(held), [
      ['breaker-open', true, 'TK21081500000001'],
      ['breaker-open', true, 'TK21081500000001'],
    ]);
    await router.shutdown();
  });

  it('does not ask a platform a citizen has no way to be asked by there, and never says not found: not-asked', async () => {
    const { platform, router, scan } = routed();
    const reports = await scan({ ...SUBJECT, documents: [] });
    assert.deepEqual(
      reports.map((r) => [r.outcome, r.detail]),
      [['error', 'not-asked']],
    );
    assert.deepEqual(platform.asked, []);
    await router.shutdown();
  });

  it('asks the stalest ways first: with a budget of one a second and two ways, each is asked in turn, never one starved', async () => {
    const { platform, router, clock, scan } = routed(1);
    fileGreenAndRed(platform);
    assert.deepEqual(
      (await scan()).map((r) => r.outcome),
      ['answered', 'budget-exhausted'],
    );
    clock.now += 1_000;
    // The same order given: the CMND, never answered here, goes first now.
    const second = await scan();
    assert.deepEqual(outcomes(second), [
      ['answered', 'TK21081400000002'],
      ['budget-exhausted', 'TK21081500000001'],
    ]);
    assert.deepEqual(platform.asked, [CCCD.value, CMND.value]);
    await router.shutdown();
  });

  it('serves a way left out past MAX_WAYS its last answer: a red seen under it a scan ago stays', async () => {
    const { platform, router, clock, scan } = routed();
    const passports = [
      { system: 'passport' as const, value: 'C1234567' },
      { system: 'passport' as const, value: 'B7654321' },
    ];
    const documents = [CCCD, CMND, ...passports];
    platform.filed.set(passports[0]!.value, { code: 'TK21081500000003', sickContact: true });
    const first = await scan({ ...SUBJECT, documents });
    assert.ok(first.some((r) => r.declaration?.health?.exposures?.includes('confirmed-case')));
    clock.now += 5_000;
    // Now the fourth, never asked, goes first, and the ones asked before fill the rest: one of them is left out.
    const second = await scan({ ...SUBJECT, documents });
    const leftOut = second.filter((r) => r.detail === 'not-all-asked');
    assert.equal(leftOut.length, 1);
    assert.ok(
      second.some((r) => r.declaration?.health?.exposures?.includes('confirmed-case')),
      JSON.stringify(second.map((r) => [r.outcome, r.detail, r.declaration?.source.recordId])),
    );
    assert.equal(platform.asked.length, 2 * MAX_WAYS);
    await router.shutdown();
  });

  it('answers a way left out past MAX_WAYS from its freshness window (fresh-cache), as it would have been asked: no call either way', async () => {
    const { platform, router, clock, scan } = routed(undefined, 30);
    const documents = [CCCD, CMND, { system: 'passport' as const, value: 'C1234567' }, { system: 'passport' as const, value: 'B7654321' }];
    fileGreenAndRed(platform);
    await scan({ ...SUBJECT, documents });
    clock.now += 5_000;
    const second = await scan({ ...SUBJECT, documents });
    // The fourth, never asked, is asked now; the three asked five seconds ago are within their window.
    assert.deepEqual(
      second.map((r) => r.outcome),
      ['not-found', 'fresh-cache', 'fresh-cache', 'fresh-cache'],
    );
    assert.equal(platform.asked.length, MAX_WAYS + 1);
    await router.shutdown();
  });

  it('asks every way in turn when scans come further apart than answers are held (a minute): a red under the fourth is seen', async () => {
    const { platform, router, clock, scan } = routed();
    const passports = [
      { system: 'passport' as const, value: 'C1234567' },
      { system: 'passport' as const, value: 'B7654321' },
    ];
    platform.filed.set(passports[1]!.value, { code: 'TK21081500000004', sickContact: true });
    const documents = [CCCD, CMND, ...passports];
    let seen = false;
    for (let scanNo = 0; scanNo < 4 && !seen; scanNo += 1) {
      clock.now += 120_000;
      seen = (await scan({ ...SUBJECT, documents })).some((r) => r.declaration?.health?.exposures?.includes('confirmed-case'));
    }
    assert.ok(seen, `asked: ${platform.asked.join(' ')}`);
    await router.shutdown();
  });
});
