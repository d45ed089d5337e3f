import assert from 'node:assert/strict';
import { goldenNative } from '../support/mapping';
import { describeOnEveryStore } from '../support/stores';
import { TestGateway } from '../support/test-gateway';
import { ingestFixture } from '../support/ingest-fixture';

/** Eight men born 12/03/1985 in Hồ Chí Minh city, each with his own CCCD, phone and name. */
const NAMES = [
  'NGUYỄN VĂN AN',
  'TRẦN VĂN BÌNH',
  'LÊ VĂN CƯỜNG',
  'PHẠM VĂN DŨNG',
  'HOÀNG VĂN EM',
  'VŨ VĂN GIANG',
  'ĐẶNG VĂN HẢI',
  'BÙI VĂN KHÁNH',
];

/**
 * Each man's first two records, sent at the same moment: a C06 passage under his CCCD, and an NCOVI
 * declaration without a document (his name in NFD, as some phones send it, his phone and birth
 * date). Each is created under its own strongest key: the CCCD, and the phone, name and birth date.
 */
function firstRecordsOf(i: number) {
  const c06 = goldenNative('c06', '01');
  Object.assign(c06, {
    maKhaiBao: `C06-79-20210815-00010${i}`,
    soDinhDanh: `07908500123${i}`,
    hoVaTen: NAMES[i],
    soDienThoai: `091234560${i}`,
  });
  const ncovi = goldenNative('ncovi', '01');
  ncovi.id = `3f6c1d2e-8a4b-4c1e-9d55-0c2a7b9e1f1${i}`;
  Object.assign(ncovi.profile, { idNumber: null, fullName: (NAMES[i] as string).normalize('NFD'), phone: `+8491234560${i}` });
  return { c06, ncovi };
}

/**
 * canonical.md: concurrent first declarations of the same person from several platforms end in
 * exactly one citizen. Sent one after the other, the NCOVI record joins the C06 citizen by the
 * phone rule, and the reverse joins by the same rule; sent at once, each join read nothing, and
 * each made a citizen of its own, for good (a hostile review, 2026-12-01: 10 of 10 on Redis). The
 * write of a new citizen now finds the other's index key held, and joins again.
 */
describeOnEveryStore('first records of one person under different strongest keys, sent at once', (store) => {
  let gw: TestGateway;
  before(async () => {
    gw = await TestGateway.start(store.env);
  });
  after(() => gw?.stop());

  it('end in one citizen for each person, whichever write comes first', async () => {
    const answers = await Promise.all(
      NAMES.map(async (_, i) => {
        const { c06, ncovi } = firstRecordsOf(i);
        const passage = () => gw.call('POST', '/v1/sources/c06/declarations', { body: c06 });
        const declaration = () => gw.call('POST', '/v1/sources/ncovi/declarations', { body: ncovi });
        // Half the men's passages first, half their declarations: records read in one turn are written in the order they came.
        const answered =
          i % 2 === 0 ? await Promise.all([passage(), declaration()]) : (await Promise.all([declaration(), passage()])).reverse();
        assert.deepEqual(
          answered.map((answer) => answer.status),
          [201, 201],
        );
        return answered.map((answer) => answer.body.citizen.citizenId);
      }),
    );
    assert.deepEqual(
      answers.filter(([a, b]) => a !== b),
      [],
    );
    assert.equal(new Set(answers.map(([a]) => a)).size, NAMES.length);
  });
});

describe('first records of one person under different strongest keys, written at once by the ingest service (memory)', () => {
  it('end in one citizen, as on Redis', async () => {
    const f = ingestFixture();
    const { c06, ncovi } = firstRecordsOf(0);
    const [declaration, passage] = await Promise.all([f.accept('ncovi', ncovi), f.accept('c06', c06)]);
    assert.equal(passage.citizenId, declaration.citizenId);
  });
});
