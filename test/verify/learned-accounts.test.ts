import assert from 'node:assert/strict';
import type { CitizenProfile } from '../../gateway/store/gateway-store';
import { subjectOf } from '../../gateway/verify/verify-service';
import { goldenNative } from '../support/mapping';
import { TestGateway } from '../support/test-gateway';

/**
 * What a citizen learns of where to ask for them (CitizenProfile.scopedIds: a Zalo user under each
 * account they wrote to), and from whom: a review found a nameless form with a person's CCCD and a
 * stranger's user id giving the stranger a lasting say at every scan of the person.
 */
describe('the accounts a citizen is asked under', function () {
  this.timeout(20000);
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start();
  });
  after(() => gw?.stop());

  const citizenOf = async (form: object) => {
    const ingested = await gw.gateway.ingest.ingestNative('zalo', form);
    assert.ok(ingested.ok, JSON.stringify(ingested));
    const stored = await gw.gateway.store.getDeclaration(ingested.declaration.declarationId);
    return gw.gateway.store.getCitizen(stored?.subject.citizenId as string);
  };

  it('learns them from a form that names its citizen, never from a nameless one', async () => {
    const named = goldenNative('zalo', '01');
    assert.deepEqual(
      (await citizenOf(named))?.scopedIds?.map(({ scope, id }) => [scope, id.value]),
      [[named.oa_id, named.zalo_user_id]],
    );
    // A form of only a CCCD and a user id (its labels for the name left out), under another account.
    const nameless = {
      ...named,
      submission_id: '7301928374650199901',
      oa_id: 'congan.hanam',
      zalo_user_id: '8499900011120001',
      answers: named.answers.filter((a: { label: string }) => !/t[eê]n/i.test(a.label.normalize('NFD').replace(/\p{M}/gu, ''))),
    };
    const citizen = await citizenOf(nameless);
    assert.ok(citizen);
    assert.ok(!citizen.scopedIds?.some(({ scope }) => scope === 'congan.hanam'), 'a nameless form taught its citizen an account');
    assert.ok(
      citizen.identifiers.some((id) => id.value === '8499900011120001'),
      'its user id is learned as before (an identifier)',
    );
  });

  it('asks only under the ids the citizen holds, whatever the learned pairs say', () => {
    const profile: CitizenProfile = {
      citizenId: 'cit_0123456789abcdef0123',
      createdAt: '2021-08-16T09:00:00+07:00',
      identifiers: [{ system: 'zalo', value: '8412345678901234567' }],
      nameKeys: ['tran thi binh'],
      birthDates: ['1990-11-05'],
      instances: ['zalo'],
      scopedIds: [
        { instance: 'zalo', scope: 'congan.quangnam', id: { system: 'zalo', value: '8412345678901234567' } },
        { instance: 'zalo', scope: 'congan.hanam', id: { system: 'zalo', value: '8499900011120001' } },
        { instance: 'smartcity-hcm', scope: 'hcm', id: { system: 'zalo', value: '8412345678901234567' } },
      ],
    };
    const subject = subjectOf(profile, [], 'zalo');
    assert.deepEqual(
      subject.scopedIds?.map(({ scope, id }) => [scope, id.value]),
      [['congan.quangnam', '8412345678901234567']],
    );
    assert.deepEqual(subject.scopes, ['congan.quangnam']);
  });
});
