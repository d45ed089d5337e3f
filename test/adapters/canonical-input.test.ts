import assert from 'node:assert/strict';
import { createAdapterRegistry, DEFAULT_INSTANCES } from '../../adapters';
import { readCanonicalInput } from '../../gateway/ingest/canonical-input';
import { KEPT_LIMITS, OMITTED } from '../../gateway/normalize/kept-values';
import { loadGoldenCases } from '../support/golden-pairs';

const registry = createAdapterRegistry();
const RECEIVED_AT = '2021-08-20T08:00:00+07:00';

/** A golden declaration (NCOVI: it has a travel date and a full birth date) as a partner posts it: without the gateway's parts. */
function canonicalBody(): any {
  const golden = loadGoldenCases('accepted').find((c) => c.instance === 'ncovi' && c.file.startsWith('01'))!;
  const { declarationId: _id, ...rest } = structuredClone(golden.canonical!);
  const { receivedAt: _r, ...source } = rest.source;
  return { ...rest, source };
}

const pointersOf = (body: unknown, receivedAt = RECEIVED_AT, reg = registry) => {
  const result = readCanonicalInput(body, reg, receivedAt);
  return result.ok ? [] : result.reasons.map((r) => `${r.pointer} ${r.code}`);
};

describe("canonical declarations posted directly are held to the mappings' rules on time", () => {
  it('accepts the golden NCOVI declaration as it is', () => {
    assert.deepEqual(pointersOf(canonicalBody()), []);
  });

  it('refuses a declaredAt a year ahead of its arrival, naming /declaredAt', () => {
    assert.deepEqual(pointersOf({ ...canonicalBody(), declaredAt: '2022-08-20T08:00:00+07:00' }), ['/declaredAt invalid-date']);
  });

  it('refuses a leap-second declaredAt (23:59:60 UTC), which the schema lets through but Date.parse does not', () => {
    assert.deepEqual(pointersOf({ ...canonicalBody(), declaredAt: '2017-01-01T06:59:60+07:00' }), ['/declaredAt invalid-date']);
  });

  it('refuses a lastContactAt in the future, a trip years ahead and a birth date before 1900, all at once', () => {
    const body = canonicalBody();
    body.health.lastContactAt = '2023-01-01T00:00:00+07:00';
    body.travel.date = '2030-01-01';
    body.subject.birthDate = '1899';
    assert.deepEqual(pointersOf(body), [
      '/health/lastContactAt invalid-date',
      '/travel/date invalid-date',
      '/subject/birthDate invalid-date',
    ]);
  });

  it('refuses a birth date that matches the pattern but does not exist (31 February)', () => {
    const body = canonicalBody();
    body.subject.birthDate = '1985-02-31';
    assert.deepEqual(pointersOf(body), ['/subject/birthDate invalid-date']);
  });

  it('refuses province codes that match no province (address, trip, provinces visited) and a nationality that is no country, each at its pointer', () => {
    const body = canonicalBody();
    body.subject.address.provinceCode = '99';
    body.subject.nationality = 'ZZ';
    body.travel = { ...body.travel, from: '00', to: '07', provincesVisited14d: ['79', '98'] };
    assert.deepEqual(pointersOf(body).sort(), [
      '/subject/address/provinceCode unknown-province',
      '/subject/nationality invalid-value',
      '/travel/from unknown-province',
      '/travel/provincesVisited14d/1 unknown-province',
      '/travel/to unknown-province',
    ]);
    // Nor a country's old spelling: a passport under UK would never join the same one under GB.
    assert.deepEqual(pointersOf({ ...canonicalBody(), subject: { ...canonicalBody().subject, nationality: 'UK' } }), [
      '/subject/nationality invalid-value',
    ]);
    // Real ones pass: Hồ Chí Minh city, Hà Nội, an American.
    Object.assign(body.subject, { nationality: 'US' });
    body.subject.address.provinceCode = '79';
    body.travel = { ...body.travel, from: '01', to: '79', provincesVisited14d: ['79'] };
    assert.deepEqual(pointersOf(body), []);
  });

  it("uses the registry's clock skew", () => {
    const body = { ...canonicalBody(), declaredAt: '2021-08-20T08:01:00+07:00' };
    assert.deepEqual(pointersOf(body), []);
    assert.deepEqual(pointersOf(body, RECEIVED_AT, createAdapterRegistry(DEFAULT_INSTANCES, { futureSkewMs: 0 })), [
      '/declaredAt invalid-date',
    ]);
  });

  it("keeps a bounded copy of the partner's unmapped values, without __proto__ or constructor keys", () => {
    let nested: unknown = 'Tăng huyết áp';
    for (let i = 0; i < 1000; i += 1) nested = [nested];
    const body = canonicalBody();
    body.quality.unmapped = [
      { pointer: '/ghiChu', value: JSON.parse('{"benh":"Tiểu đường","__proto__":{"polluted":"yes"},"constructor":{"prototype":{}}}') },
      { pointer: '/sau', value: nested },
      ...Array.from({ length: 100 }, (_, i) => ({ pointer: `/x/${i}`, value: 'x' })),
    ];
    const result = readCanonicalInput(body, registry, RECEIVED_AT);
    assert.ok(result.ok);
    const { unmapped } = result.declaration.quality;
    assert.deepEqual(unmapped[0], { pointer: '/ghiChu', value: { benh: 'Tiểu đường' } });
    assert.deepEqual(unmapped[1]!.value, [[[[OMITTED]]]]);
    assert.equal(unmapped.length, KEPT_LIMITS.entries + 1);
  });
});

describe('a member the schema does not know is named by its own pointer', () => {
  it('refuses an unknown member of the subject and one at the top, each named itself, its name escaped (RFC 6901)', () => {
    const body = canonicalBody();
    body.subject.hoTen = 'Nguyễn Văn An';
    body['ghi/chú~1'] = 'khai hộ';
    assert.deepEqual(pointersOf(body).sort(), ['/ghi~1chú~01 bad-format', '/subject/hoTen bad-format']);
  });
});

describe('a subject is one person: one 12-digit number', () => {
  it('refuses a second, different CCCD, naming it, and takes the same one repeated', () => {
    const body = canonicalBody();
    const cccd = body.subject.identifiers.find((id: { system: string }) => id.system === 'vn-cccd');
    body.subject.identifiers.push({ system: 'vn-cccd', value: '001085009999' });
    const at = body.subject.identifiers.length - 1;
    assert.deepEqual(pointersOf(body), [`/subject/identifiers/${at} invalid-value`]);
    body.subject.identifiers[at] = { ...cccd };
    assert.deepEqual(pointersOf(body), []);
  });
});

describe("a canonical record's identifiers are read as a mapping reads them", () => {
  const withIdentifiers = (identifiers: { system: string; value: string }[]) => ({
    ...canonicalBody(),
    subject: { ...canonicalBody().subject, identifiers },
  });
  /** The identifiers' values as stored, for a record that must be taken. */
  const storedValues = (identifiers: { system: string; value: string }[]) => {
    const result = readCanonicalInput(withIdentifiers(identifiers), registry, RECEIVED_AT);
    assert.ok(result.ok, JSON.stringify(result));
    return result.declaration.subject.identifiers?.map((id) => id.value);
  };

  it('cleans a CCCD, a CMND and a phone as the mappers do (separators dropped, the phone in E.164)', () => {
    const identifiers = [
      { system: 'vn-cccd', value: '079 085.001-234' },
      { system: 'vn-cmnd', value: '201 234 567' },
      { system: 'phone', value: '0912 345 678' },
      { system: 'zalo', value: '8412345678900000004' },
    ];
    assert.deepEqual(storedValues(identifiers), ['079085001234', '201234567', '+84912345678', '8412345678900000004']);
  });

  it('refuses a CCCD that is none (no province, 11 digits) at its value; keeps as sent what it cannot read (a foreign phone, a 12-digit CMND, a passport of digits)', () => {
    const notCccds = [
      { system: 'vn-cccd', value: '099085009999' },
      { system: 'vn-cccd', value: '07908500123' },
    ];
    // Every reason at once: each is no CCCD, and the second is a second one too.
    assert.deepEqual(pointersOf(withIdentifiers(notCccds)), [
      '/subject/identifiers/0/value invalid-document',
      '/subject/identifiers/1/value invalid-document',
      '/subject/identifiers/1 invalid-value',
    ]);
    const unread = [
      { system: 'phone', value: '+1 202 555 0100' },
      { system: 'vn-cmnd', value: '001085009999' },
      { system: 'passport', value: '123456789' },
    ];
    assert.deepEqual(storedValues(unread), ['+1 202 555 0100', '001085009999', '123456789']);
  });
});
