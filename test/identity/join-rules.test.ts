import assert from 'node:assert/strict';
import type { CanonicalDeclaration, IdentifierSystem, Subject } from '../../gateway/domain/canonical-declaration';
import { findCitizen, JOIN_FLAGS, newCitizenId } from '../../gateway/identity/join-citizen';
import { ingestFixture } from '../support/ingest-fixture';
import { goldenNative } from '../support/mapping';

/** The flags a join gives a record (its golden record's own, an unread symptom word, left out). */
const joinFlagsOf = (declaration: CanonicalDeclaration) => declaration.quality.flags.filter((flag) => JOIN_FLAGS.has(flag));

/** NCOVI's golden record as a record without a document: its id, a name and a phone of the test's (born 1985-03-12). */
function withoutDocument(id: string, fullName: string, phone: string) {
  const record = goldenNative('ncovi', '01');
  Object.assign(record, { id });
  Object.assign(record.profile, { idNumber: null, fullName, phone });
  return record;
}

/** The join rules of canonical.md, each shown joining, and each weaker thing shown not joining. */
describe('joining records into one citizen', () => {
  let f: ReturnType<typeof ingestFixture>;
  beforeEach(() => {
    f = ingestFixture();
  });

  it('joins records with the same 12-digit number from different platforms', async () => {
    const tokhaiyte = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const c06 = await f.accept('c06', goldenNative('c06', '01'));
    const zalo = await f.accept('zalo', goldenNative('zalo', '04'));
    assert.equal(c06.citizenId, tokhaiyte.citizenId);
    assert.equal(zalo.citizenId, tokhaiyte.citizenId);
    assert.deepEqual([tokhaiyte.rule, c06.rule], ['new-citizen', 'document']);
  });

  it('gives one citizen one QR, the same across declarations and platforms', async () => {
    const first = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const second = await f.accept('ncovi', goldenNative('ncovi', '01'));
    assert.equal(second.qr, first.qr);
  });

  it('joins records with the same 9-digit number', async () => {
    const tokhaiyte = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '03'));
    const zalo = await f.accept('zalo', goldenNative('zalo', '01'));
    assert.equal(zalo.citizenId, tokhaiyte.citizenId);
  });

  it('joins the same passport with the same nationality, and not with another nationality', async () => {
    const vietnamese = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '04'));
    const sameInNcovi = await f.accept('ncovi', goldenNative('ncovi', '05'));
    assert.equal(sameInNcovi.citizenId, vietnamese.citizenId);
    const foreign = await f.accept('tokhaiyte', {
      ...goldenNative('tokhaiyte', '04'),
      ma_to_khai: 'TK21081600000999',
      quoc_tich: 'Hàn Quốc',
      dien_thoai: '0909 000 111',
    });
    assert.notEqual(foreign.citizenId, vietnamese.citizenId);
  });

  it('joins a record without a document through its phone, the same folded name and a compatible birth date', async () => {
    const withDocument = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01')); // Nguyễn Văn An, 1985, +84912345678
    const record = goldenNative('ncovi', '01');
    record.id = 'a1b2c3d4-00aa-4e5f-8a9b-aaaaaaaaaaaa';
    record.profile.idNumber = null; // NGUYEN VAN AN, 1985-03-12: the year matches the year-only 1985
    const withoutDocument = await f.accept('ncovi', record);
    assert.equal(withoutDocument.citizenId, withDocument.citizenId);
    assert.equal(withoutDocument.rule, 'phone-name-birth');
  });

  it("keeps twins on their parent's phone apart whose names differ only where the spaces fall (LE HOANG AN, LE HOA NGAN)", async () => {
    const an = await f.accept('ncovi', withoutDocument('a1b2c3d4-00ad-4e5f-8a9b-aaaaaaaaaaad', 'LE HOANG AN', '0903111222'));
    const ngan = await f.accept('ncovi', withoutDocument('a1b2c3d4-00ae-4e5f-8a9b-aaaaaaaaaaae', 'LE HOA NGAN', '0903111222'));
    assert.ok(an.citizenId && ngan.citizenId);
    assert.notEqual(ngan.citizenId, an.citizenId);
  });

  it('never creates a citizen from a name that folds to nothing, with a phone and a birth date: two such records are not one person', async () => {
    const dots = await f.accept('ncovi', withoutDocument('a1b2c3d4-00af-4e5f-8a9b-aaaaaaaaaaaf', '...', '0903111333'));
    const dash = await f.accept('ncovi', withoutDocument('a1b2c3d4-00b0-4e5f-8a9b-aaaaaaaaaab0', '—', '0903111333'));
    assert.deepEqual([dots.citizenId, dash.citizenId], [undefined, undefined]);
  });

  it('does not merge two people whose names are in Chinese characters on one phone: their names fold apart', async () => {
    const passport = (recordId: string, name: string, number: string) => {
      const record = goldenNative('tokhaiyte', '04');
      return { ...record, ma_to_khai: recordId, ho_ten: name, so_giay_to: number };
    };
    const wang = await f.accept('tokhaiyte', passport('TK21081500077001', '王小明', 'E12345678'));
    const li = await f.accept('tokhaiyte', passport('TK21081500077002', '李大华', 'E87654321'));
    assert.ok(wang.citizenId && li.citizenId);
    assert.notEqual(li.citizenId, wang.citizenId);
    // A name that folds to nothing (punctuation alone) names nobody: it joins nobody by the phone.
    const dots = await f.accept('tokhaiyte', passport('TK21081500077003', '...', 'E11111111'));
    const dashes = await f.accept('tokhaiyte', passport('TK21081500077004', '—', 'E22222222'));
    assert.notEqual(dashes.citizenId, dots.citizenId);
  });

  it('does not merge a mother and her son who share the family phone', async () => {
    const son = await f.accept('zalo', goldenNative('zalo', '02')); // Ngô Văn Nam, 1995, 0977 888 999
    const mother = await f.accept('zalo', goldenNative('zalo', '03')); // Ngô Thị Lan, 1965, same phone
    assert.ok(son.citizenId && mother.citizenId);
    assert.notEqual(mother.citizenId, son.citizenId);
    const sonAgain = {
      ...goldenNative('ncovi', '03'),
      id: 'a1b2c3d4-00bb-4e5f-8a9b-bbbbbbbbbbbb',
      profile: { fullName: 'NGO VAN NAM', dob: '1995-06-14', gender: 1, phone: '0977888999' },
    };
    assert.equal((await f.accept('ncovi', sonAgain)).citizenId, son.citizenId);
  });

  it('does not join on a phone and a name when the birth dates disagree', async () => {
    const first = await f.accept('zalo', goldenNative('zalo', '02'));
    const namesake = {
      ...goldenNative('ncovi', '03'),
      id: 'a1b2c3d4-00cc-4e5f-8a9b-cccccccccccc',
      profile: { fullName: 'Ngô Văn Nam', dob: '1971-01-01', gender: 1, phone: '0977888999' },
    };
    assert.notEqual((await f.accept('ncovi', namesake)).citizenId, first.citizenId);
  });

  it('keeps two namesakes on one phone, born the same year on different days, two citizens, however they arrive', async () => {
    const ncovi = (id: string, fullName: string, dob: string) => ({
      ...goldenNative('ncovi', '03'),
      id,
      profile: { fullName, dob, gender: 1, phone: '0977888999' },
    });
    // Born 14 June and 1 February 1995: each the first to declare, so each creates a citizen.
    const june = await f.accept('ncovi', ncovi('a1b2c3d4-00dd-4e5f-8a9b-dddddddddd01', 'Ngô Văn Nam', '1995-06-14'));
    const february = await f.accept('ncovi', ncovi('a1b2c3d4-00dd-4e5f-8a9b-dddddddddd02', 'NGÔ VĂN NAM'.normalize('NFD'), '1995-02-01'));
    assert.notEqual(february.citizenId, june.citizenId);
    assert.deepEqual(joinFlagsOf(february.declaration), []);
    // A record with the year alone fits both, so it joins neither by the phone; one born on a third day joins neither either.
    const december = await f.accept('ncovi', ncovi('a1b2c3d4-00dd-4e5f-8a9b-dddddddddd03', 'Ngo Van Nam', '1995-12-31'));
    assert.ok(![june.citizenId, february.citizenId].includes(december.citizenId));
  });

  it('does not join, by the phone, a citizen one of whose birth dates a record contradicts, though another is its year alone', async () => {
    const yearOnly = await f.accept('zalo', goldenNative('zalo', '02')); // Ngô Văn Nam, 1995, 0977 888 999
    const dated = {
      ...goldenNative('ncovi', '03'),
      id: 'a1b2c3d4-00ee-4e5f-8a9b-eeeeeeeeee01',
      profile: { fullName: 'NGO VAN NAM', dob: '1995-06-14', gender: 1, phone: '0977888999' },
    };
    assert.equal((await f.accept('ncovi', dated)).citizenId, yearOnly.citizenId);
    const namesake = { ...dated, id: 'a1b2c3d4-00ee-4e5f-8a9b-eeeeeeeeee02', profile: { ...dated.profile, dob: '1995-02-01' } };
    assert.notEqual((await f.accept('ncovi', namesake)).citizenId, yearOnly.citizenId);
  });

  it('keeps a Bluezone record on a shared family phone unlinked, and says so', async () => {
    await f.accept('zalo', goldenNative('zalo', '02'));
    await f.accept('zalo', goldenNative('zalo', '03'));
    const device = await f.accept('bluezone', goldenNative('bluezone', '05'));
    assert.equal(device.citizenId, undefined);
    assert.deepEqual(device.declaration.quality.flags, ['unlinked']);
  });

  it('joins a Bluezone record to the only citizen holding that phone', async () => {
    const citizen = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const device = await f.accept('bluezone', goldenNative('bluezone', '01'));
    assert.equal(device.citizenId, citizen.citizenId);
    assert.equal(device.rule, 'phone-only');
  });

  describe('a nameless record with a document of its own, on the phone of a citizen who holds another', () => {
    /**
     * Nguyễn Văn An's son declares through the national Zalo account on the family phone: the form
     * asks his name under a label no mapping reads (kept, unmapped), so the record has no name.
     */
    const sonsForm = (submission: string, document: string, answers: { label: string; value: string }[] = []) => ({
      submission_id: submission,
      oa_id: 'phongchongcorona',
      zalo_user_id: `84123456789${submission.slice(-8)}`,
      submitted_at: 1629000000,
      answers: [
        { label: 'Tên người khai báo', value: 'Nguyễn Văn Bình' },
        { label: 'Số CMND/CCCD', value: document },
        { label: 'Số điện thoại', value: '0912 345 678' },
        ...answers,
      ],
    });

    for (const [kind, document] of [
      ['his own CMND', '201999888'],
      ['his own CCCD', '079210001111'],
    ] as const) {
      it(`is a citizen of its own under ${kind}, not joined to the phone's holder by the phone alone (canonical.md: a document identifies a person)`, async () => {
        const father = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01')); // CCCD 079085001234, 0912 345 678
        const son = await f.accept('zalo', sonsForm('7301928374650999001', document, [{ label: 'Tiếp xúc với ca bệnh', value: 'Có' }]));
        assert.notEqual(son.citizenId, undefined);
        assert.notEqual(son.citizenId, father.citizenId);
        assert.equal(son.rule, 'new-citizen');
        // The father learned nothing of the son: his next record by the son's document joins the son.
        const fatherNow = await f.store.getCitizen(father.citizenId as string);
        assert.deepEqual(fatherNow?.identifiers.map(({ value }) => value).sort(), ['+84912345678', '079085001234']);
        const later = await f.accept('zalo', sonsForm('7301928374650999002', document));
        assert.equal(later.citizenId, son.citizenId);
      });
    }
  });

  it('keeps a Bluezone record unlinked when nobody holds its phone yet', async () => {
    assert.equal((await f.accept('bluezone', goldenNative('bluezone', '03'))).citizenId, undefined);
  });

  it('joins a record through a platform id carried by an earlier record of the citizen', async () => {
    const first = await f.accept('zalo', goldenNative('zalo', '01'));
    const later = {
      ...goldenNative('zalo', '06'),
      zalo_user_id: goldenNative('zalo', '01').zalo_user_id,
      submission_id: '7301928374650211111',
    };
    const joined = await f.accept('zalo', later);
    assert.equal(joined.citizenId, first.citizenId);
    assert.equal(joined.rule, 'platform-id');
  });

  describe("a CCCD is one person for life: a record whose CCCD is not the citizen's own never joins them by a platform's id", () => {
    /** Nguyễn Văn An's Zalo account, his record carrying his CCCD (079085001234). */
    const anOnZalo = () => f.accept('zalo', goldenNative('zalo', '04'));
    /** A record from An's Zalo account, its answers changed as `change` says. */
    const fromAnsAccount = (submission: string, change: Record<string, string>) => {
      const native = goldenNative('zalo', '04');
      return {
        ...native,
        submission_id: submission,
        answers: native.answers.map((a: { label: string; value: string }) => (a.label in change ? { ...a, value: change[a.label] } : a)),
      };
    };
    /** A subject as a venue check-in's lookup reads it. */
    const person = (fullName: string, birthDate: string, ...identifiers: [IdentifierSystem, string][]): Subject => ({
      fullName,
      birthDate,
      identifiers: identifiers.map(([system, value]) => ({ system, value })),
    });

    it("not his mother's record, declared from his account with her own CCCD: she is a citizen of her own, not a disputed An", async () => {
      const an = await anOnZalo();
      const mother = await f.accept(
        'zalo',
        fromAnsAccount('7301928374650299998', {
          'Họ tên': 'Nguyễn Thị Hoa',
          'Ngày sinh': '02/09/1960',
          'Giới tính': 'Nữ',
          'CMND/CCCD': '079160001111',
        }),
      );
      assert.notEqual(mother.citizenId, an.citizenId);
      assert.deepEqual([mother.rule, joinFlagsOf(mother.declaration)], ['new-citizen', []]);
      const profile = await f.store.getCitizen(an.citizenId as string);
      assert.deepEqual(
        profile?.identifiers.filter((id) => id.system === 'vn-cccd').map((id) => id.value),
        ['079085001234'],
      );
    });

    it('still joins by the phone, the name and the birth date: one person, whatever CCCD was typed (canonical.md)', async () => {
      const an = await f.accept('ncovi', goldenNative('ncovi', '01')); // NGUYEN VAN AN, 1985-03-12, +84912345678
      const mistyped = { ...goldenNative('tokhaiyte', '01'), ma_to_khai: 'TK21081500099999', so_giay_to: '079085001243' };
      const joined = await f.accept('tokhaiyte', mistyped);
      assert.deepEqual([joined.citizenId, joined.rule], [an.citizenId, 'phone-name-birth']);
      // A's citizen does not learn the other number: it is one person's for life, maybe someone else's.
      assert.equal(joined.declaration.subject.identifiers?.find((id) => id.system === 'vn-cccd')?.value, '079085001243');
      const profile = await f.store.getCitizen(an.citizenId as string);
      assert.deepEqual(
        profile?.identifiers.filter((id) => id.system === 'vn-cccd').map((id) => id.value),
        ['079085001234'],
      );
      assert.equal(await findCitizen(person('Nguyễn Văn An', '1985', ['vn-cccd', '079085001243']), f.store), undefined);
    });

    it("still joins by a platform's id a citizen who holds no CCCD yet (a person known by a 9-digit number gets a 12-digit one)", async () => {
      const binh = await f.accept('zalo', goldenNative('zalo', '01')); // Trần Thị Bình, CMND 201234567
      const native = goldenNative('zalo', '01');
      const withCccd = {
        ...native,
        submission_id: '7301928374650192838',
        answers: native.answers.map((a: { label: string; value: string }) =>
          a.label === 'Số CMND/CCCD' ? { ...a, value: '049190001234' } : a,
        ),
      };
      const joined = await f.accept('zalo', withCccd);
      assert.deepEqual([joined.citizenId, joined.rule], [binh.citizenId, 'platform-id']);
    });

    it('holds a document to canonical.md: the same 9-digit number is the same citizen, whatever new CCCD the record carries', async () => {
      const binh = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '03')); // Trần Thị Bình, CMND 201234567
      const subject = person('Trần Thị Bình', '1990', ['vn-cccd', '049190005678'], ['vn-cmnd', '201234567']);
      assert.deepEqual(await findCitizen(subject, f.store), { citizenId: binh.citizenId, rule: 'document' });
    });

    it("links nobody for a lookup (a venue check-in) by another CCCD with An's Zalo id", async () => {
      await anOnZalo();
      const zaloId = goldenNative('zalo', '04').zalo_user_id as string;
      const underAnother = person('Nguyễn Thị Hoa', '1960-09-02', ['vn-cccd', '079160001111'], ['zalo', zaloId]);
      assert.equal(await findCitizen(underAnother, f.store), undefined);
      const byTheAccount = person('Nguyễn Văn An', '1985-03-12', ['zalo', zaloId]);
      assert.equal((await findCitizen(byTheAccount, f.store))?.rule, 'platform-id');
    });
  });

  it('never joins on a name and a birth date alone: each such record is a citizen of its own', async () => {
    const answers = [
      { label: 'Họ và tên', value: 'Nguyễn Thị Mai' },
      { label: 'Ngày sinh', value: '01/01/1990' },
    ];
    const a = await f.accept('zalo', {
      ...goldenNative('zalo', '05'),
      submission_id: '7301928374650222221',
      zalo_user_id: '8412345678900000101',
      answers,
    });
    const b = await f.accept('zalo', {
      ...goldenNative('zalo', '05'),
      submission_id: '7301928374650222222',
      zalo_user_id: '8412345678900000102',
      answers,
    });
    assert.ok(a.citizenId && b.citizenId);
    assert.notEqual(a.citizenId, b.citizenId);
  });

  it('never links a SmartCity COVID_REPORT to its reporter, even one the gateway knows', async () => {
    const reporter = await f.accept('smartcity-hanoi', goldenNative('smartcity-hanoi', '01'));
    const report = await f.accept('smartcity-hanoi', {
      ...goldenNative('smartcity-hanoi', '01'),
      reportId: 'HN-2021-0720-99999',
      type: 'COVID_REPORT',
    });
    assert.ok(reporter.citizenId);
    assert.equal(report.citizenId, undefined);
    assert.equal(report.declaration.subject.citizenId, undefined);
  });

  it('flags a record whose name or birth date disagrees with the citizen its number joins', async () => {
    await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const other = await f.accept('c06', {
      ...goldenNative('c06', '01'),
      maKhaiBao: 'C06-79-20210815-000999',
      hoVaTen: 'NGUYỄN VĂN BÌNH',
      ngaySinh: '12/03/1986',
    });
    assert.deepEqual(other.declaration.quality.flags, ['id-birthyear-mismatch', 'name-mismatch', 'birthdate-mismatch']);
  });

  it('learns the name of a record that corrects a typo in the first one, when it carries their phone: flagged once, never again', async () => {
    // Nguyễn Văn An's first record, his name mistyped; then his own records, his CCCD and his phone.
    const typo = await f.accept('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), ho_ten: 'Nguyễn Văn Ann' });
    const correct = (code: string) => f.accept('tokhaiyte', { ...goldenNative('tokhaiyte', '01'), ma_to_khai: code });
    const first = await correct('TK21081500000902');
    const second = await correct('TK21081500000903');
    assert.deepEqual([first.citizenId, second.citizenId], [typo.citizenId, typo.citizenId]);
    assert.deepEqual([first.declaration.quality.flags, second.declaration.quality.flags], [['name-mismatch'], []]);
  });

  it('creates no citizen id from a document number or a phone: ids are random', async () => {
    const a = await f.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    const g = ingestFixture();
    const b = await g.accept('tokhaiyte', goldenNative('tokhaiyte', '01'));
    assert.notEqual(a.citizenId, b.citizenId);
    assert.ok(!a.citizenId!.includes('079085001234'));
  });

  it('gives every new citizen an id of 16 random bytes no other citizen has, across many pools of drawn bytes', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i += 1) {
      const id = newCitizenId();
      assert.match(id, /^cit_[A-Za-z0-9_-]{22}$/);
      assert.ok(!seen.has(id), id);
      seen.add(id);
    }
  });
});
