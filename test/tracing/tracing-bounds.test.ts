import assert from 'node:assert/strict';
import type { StoredStay } from '../../gateway/domain/checkin';
import { Retention } from '../../gateway/domain/retention';
import { MemoryAuditLog } from '../../gateway/operations/audit-log';
import { DeadlineExceeded } from '../../gateway/routing/deadline';
import type { GatewayStore } from '../../gateway/store/gateway-store';
import type { StayStore } from '../../gateway/store/stay-store';
import { MemoryTracingQueryStore } from '../../gateway/store/tracing-query-store';
import { MemoryVenueStore } from '../../gateway/store/venue-store';
import { TRACING_LIMITS, TracingService } from '../../gateway/tracing/tracing-service';

const NOW = Date.parse('2021-03-27T08:00:00+07:00');
const venueId = (n: number) => `ven_${String(n).padStart(22, '0')}`;
const citizenId = (n: number) => `cit_${String(n).padStart(22, '0')}`;
const BODY = { from: '2021-03-23 00:00', to: '2021-03-26 00:00', purpose: 'contact-tracing', caseRef: 'HP-2021-BN2557' };

/** A venue's stays as a tracer reads them: `perVenue` one-hour stays on 24/3, each of another citizen. */
function staysOf(id: string, perVenue: number): StoredStay[] {
  return Array.from({ length: perVenue }, (_, i) => {
    const at = Date.parse('2021-03-24T08:00:00+07:00') + i * 1000;
    return {
      stayId: `sty_${id.slice(-6)}${String(i).padStart(16, '0')}`,
      venueId: id,
      citizenId: citizenId(i),
      in: new Date(at).toISOString(),
      out: new Date(at + 3_600_000).toISOString(),
      outSource: 'manual',
      defaultStayMinutes: 60,
    } as unknown as StoredStay;
  });
}

/** The service on memory stores, with a stay store that records how it is read. */
async function tracingOn(venues: number, perVenue: number) {
  const venueStore = new MemoryVenueStore();
  const ids = Array.from({ length: venues }, (_, v) => venueId(v));
  for (const id of ids)
    await venueStore.addVenue({
      venueId: id,
      name: id,
      kind: 'permanent',
      address: { provinceCode: '31' },
      defaultStayMinutes: 60,
      qr: 'VNVN1:a.b.c',
      createdAt: '2021-01-01T00:00:00+07:00',
    });
  const reads = { inFlight: 0, most: 0, limits: [] as number[] };
  const stays = {
    async venueStaysOverlapping(id: string, _from: number, _to: number, limit: number) {
      reads.limits.push(limit);
      reads.most = Math.max(reads.most, ++reads.inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      reads.inFlight -= 1;
      const all = staysOf(id, perVenue);
      return { stays: all.slice(0, limit), more: all.length > limit };
    },
  } as unknown as StayStore;
  const audit = new MemoryAuditLog();
  const queries = new MemoryTracingQueryStore(() => NOW);
  const store = {
    getCitizen: async (id: string) => ({ citizenId: id, identifiers: [] }),
    latestDeclarations: async () => [],
  } as unknown as GatewayStore;
  const service = new TracingService({
    stays,
    venues: venueStore,
    queries,
    store,
    audit,
    clock: () => new Date(NOW),
    checkinRetention: new Retention(21),
  });
  return { service, ids, reads, audit, queries };
}

const caller = (signal?: AbortSignal) => ({ subject: 'cdc-haiphong', requestId: 'req-1', ...(signal ? { signal } : {}) });

describe('a tracing query holds at most its bound of stays', () => {
  it('reads one venue at a time, each allowed only what the venues before it left of maxStays', async () => {
    const perVenue = 30_000;
    const { service, ids, reads } = await tracingOn(8, perVenue);
    const outcome = await service.query({ venues: ids, includeChildVenues: false, ...BODY }, caller());
    assert.equal(outcome.ok, false);
    assert.equal(reads.most, 1);
    assert.deepEqual(reads.limits, [100_000, 70_000, 40_000, 10_000]);
    assert.equal(TRACING_LIMITS.maxStays, 100_000);
  });

  it('keeps nothing and records nothing once the request is past its budget', async () => {
    const { service, ids, audit } = await tracingOn(3, 10);
    const budget = new AbortController();
    budget.abort();
    await assert.rejects(service.query({ venues: ids, ...BODY }, caller(budget.signal)), DeadlineExceeded);
    assert.deepEqual(await audit.newest(10), []);
  });

  it('keeps, and audits, the venues named and the window with the query', async () => {
    const { service, ids, audit, queries } = await tracingOn(2, 3);
    const outcome = await service.query({ venues: ids, ...BODY }, caller());
    assert.ok(outcome.ok);
    const kept = await queries.getQuery(outcome.answer.queryId);
    assert.deepEqual(
      { venues: kept?.venues, from: kept?.from, to: kept?.to, includeChildVenues: kept?.includeChildVenues },
      { venues: ids, from: '2021-03-23T00:00:00+07:00', to: '2021-03-26T00:00:00+07:00', includeChildVenues: true },
    );
    const [line] = await audit.newest(1);
    assert.deepEqual(
      { venues: line?.venues, from: line?.from, to: line?.to },
      { venues: ids, from: '2021-03-23T00:00:00+07:00', to: '2021-03-26T00:00:00+07:00' },
    );
  });

  it('refuses a case reference of invisible characters, and windows in the year 0000 or 9999', async () => {
    const { service, ids } = await tracingOn(1, 1);
    const reasons = async (body: object) => {
      const outcome = await service.query({ venues: ids, ...BODY, ...body }, caller());
      assert.equal(outcome.ok, false);
      return !outcome.ok && outcome.reasons.map((r) => [r.pointer, r.code]);
    };
    assert.deepEqual(await reasons({ caseRef: '\u200b ' }), [['/caseRef', 'missing']]);
    assert.deepEqual(await reasons({ from: '0000-03-01T00:00:00+07:00', to: '0000-03-02T00:00:00+07:00' }), [['/from', 'invalid-date']]);
    assert.deepEqual(await reasons({ from: '9999-03-01T00:00:00+07:00', to: '9999-03-02T00:00:00+07:00' }), [['/to', 'invalid-date']]);
  });

  it('cleans the case reference as names are, in the query kept', async () => {
    const { service, ids, queries } = await tracingOn(1, 1);
    const outcome = await service.query({ venues: ids, ...BODY, caseRef: ' HP-2021\u200b  BN2557 ' }, caller());
    assert.ok(outcome.ok);
    assert.equal((await queries.getQuery(outcome.answer.queryId))?.caseRef, 'HP-2021 BN2557');
  });
});

describe("a query's contacts", () => {
  it('come in pages of 1,000 by citizen id, each page audited with its own count', async () => {
    const { service, ids, audit } = await tracingOn(1, 1500);
    const outcome = await service.query({ venues: ids, ...BODY }, caller());
    assert.ok(outcome.ok);
    assert.equal(outcome.answer.citizens, 1500);
    const first = await service.contacts(outcome.answer.queryId, caller());
    assert.equal(first?.contacts.length, 1000);
    assert.equal(first?.next, citizenId(999));
    const second = await service.contacts(outcome.answer.queryId, caller(), first?.next);
    assert.deepEqual(
      second?.contacts.map((c) => c.citizenId),
      Array.from({ length: 500 }, (_, i) => citizenId(1000 + i)),
    );
    assert.equal(second?.next, undefined);
    assert.deepEqual(
      (await audit.newest(2)).map((e) => [e.action, e.citizens]),
      [
        ['tracing-contacts', 500],
        ['tracing-contacts', 1000],
      ],
    );
  });

  it('records nothing once the request is past its budget', async () => {
    const { service, ids, audit } = await tracingOn(1, 20);
    const outcome = await service.query({ venues: ids, ...BODY }, caller());
    assert.ok(outcome.ok);
    const budget = new AbortController();
    budget.abort();
    await assert.rejects(service.contacts(outcome.answer.queryId, caller(budget.signal)), DeadlineExceeded);
    assert.deepEqual(
      (await audit.newest(5)).map((e) => e.action),
      ['tracing-query'],
    );
  });
});
