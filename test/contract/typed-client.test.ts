import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import type { components, paths } from '../../contracts/client/gateway-api';
import { checkAgainstContract } from '../support/openapi-contract';
import { SandboxFixture } from '../support/sandbox-fixture';

type NcoviRecord = components['schemas']['NativeNcovi'];

/**
 * What a partner does with the contract: the client generated from it (contracts/client, by
 * openapi-typescript) and openapi-fetch, against a running gateway with simulated platforms. No
 * cast anywhere: every body, parameter and answer is typed by the document, so a route, field or
 * status the gateway and the contract disagree on fails tsc here, and every answer is checked
 * against the same document at run time (its status, body and required headers).
 */
async function contractCheckedFetch(request: Request): Promise<Response> {
  const response = await fetch(request);
  const type = response.headers.get('content-type') ?? '';
  const text = await response.clone().text();
  const body: unknown = type.includes('json') && !type.includes('ndjson') ? JSON.parse(text) : text;
  checkAgainstContract(request.method, new URL(request.url).pathname, response.status, type, body, response.headers);
  return response;
}

describe('contract: a partner ingests, reads and verifies through the typed client', function () {
  this.timeout(30000);
  let f: SandboxFixture;
  before(async () => {
    f = await SandboxFixture.start({ citizens: 4 });
  });
  after(() => f?.stop());

  const clientFor = (scopes: string[]) =>
    createClient<paths>({
      baseUrl: f.gw.baseUrl,
      fetch: contractCheckedFetch,
      headers: { Authorization: `Bearer ${f.gw.token(scopes, 'doi-tac-benh-vien-bach-mai')}` },
    });

  /** A declaration as the NCOVI app writes it: a Hanoi woman, born 1990, with a cough, declared now. */
  const ncoviRecord = (): NcoviRecord => ({
    id: randomUUID(),
    profile: {
      fullName: 'Trần Thị Bích Ngọc',
      dob: '1990-04-27',
      gender: 2,
      idNumber: '001190012345',
      phone: '+84983123456',
      provinceId: 1,
      districtId: 5,
      wardId: 160,
      address: 'Số 18 ngõ 32 phố Đỗ Quang, Trung Hòa, Cầu Giấy',
    },
    health: { symptoms: ['COUGH'], contacts: [] },
    travel: null,
    createdAt: Date.now() - 60_000,
  });

  it("ingests an NCOVI record, reads the citizen it joined, and a checkpoint's scan of the citizen's unified QR names her", async () => {
    const partner = clientFor(['declarations:write', 'citizens:read']);
    const ingested = await partner.POST('/v1/sources/{instance}/declarations', {
      params: { path: { instance: 'ncovi' } },
      body: ncoviRecord(),
    });
    assert.equal(ingested.response.status, 201, JSON.stringify(ingested.error));
    const citizen = ingested.data?.citizen;
    assert.ok(citizen, 'the record was not linked to a citizen');
    assert.equal(ingested.data?.declaration.subject.fullName, 'Trần Thị Bích Ngọc');

    const read = await partner.GET('/v1/citizens/{citizenId}', { params: { path: { citizenId: citizen.citizenId } } });
    assert.equal(read.response.status, 200, JSON.stringify(read.error));
    assert.equal(read.data?.qr, citizen.qr);
    assert.deepEqual(read.data?.instances, ['ncovi']);
    assert.ok(read.data?.identifiers.some((i) => i.system === 'vn-cccd' && i.value.endsWith('345')));

    const checkpoint = clientFor(['verify']);
    const scan = await checkpoint.POST('/v1/verify', { body: { qr: citizen.qr, checkpointId: 'CHOT-01-NOI-BAI' } });
    assert.equal(scan.response.status, 200, JSON.stringify(scan.error));
    assert.equal(scan.data?.recognizedAs, 'unified');
    assert.equal(scan.data?.citizenId, citizen.citizenId);
    assert.deepEqual(scan.data?.person, { fullName: 'Trần Thị Bích Ngọc', birthDate: '1990-04-27', sex: 'female' });
    assert.ok(scan.data?.status !== 'invalid', JSON.stringify(scan.data?.reasons));
  });

  it('gives a refused record as a typed problem whose errors name the native field', async () => {
    const partner = clientFor(['declarations:write']);
    const { profile, ...rest } = ncoviRecord();
    const refused = await partner.POST('/v1/sources/{instance}/declarations', {
      params: { path: { instance: 'ncovi' } },
      body: { ...rest, profile: { ...profile, dob: '1990-02-30' } },
    });
    assert.equal(refused.response.status, 422);
    assert.equal(refused.error?.status, 422);
    assert.ok(
      refused.error?.errors.some((e) => e.pointer === '/profile/dob'),
      JSON.stringify(refused.error),
    );
  });

  it('answers a token without the scope with a typed 403 problem', async () => {
    const reader = clientFor(['citizens:read']);
    const refused = await reader.POST('/v1/verify', { body: { qr: 'VNHC1:không-phải-mã' } });
    assert.equal(refused.response.status, 403);
    assert.equal(refused.error?.type, 'https://gateway.vnhc.example/problems/forbidden');
  });
});
