import { passageFlags } from '../../gateway/domain/passage-flags';
import { compileSchema } from '../../gateway/domain/schema-compiler';
import { localDateOf, parseDateTime } from '../../gateway/normalize/dates';
import { lookup } from '../../gateway/normalize/lookup';
import { provinceCode } from '../../gateway/normalize/provinces';
import nativeSchema from '../../schemas/native-c06.schema.json';
import type { MappingContext, MappingResult } from '../common/adapter-types';
import { NativeReader } from '../common/native-reader';
import { HOLDS_PERSONAL_NUMBER } from '../common/record-ids';
import { identifiers, readDocument, readName, readPhone } from '../common/subject-fields';
import { readText, TEXT_LIMITS } from '../common/text-fields';
import { readBirthDate, readDeclaredAt } from '../common/time-fields';

const validateNative = compileSchema(nativeSchema);

const SEX: Readonly<Record<string, 'male' | 'female'>> = { '1': 'male', '2': 'female' };

/**
 * A C06 checkpoint passage as a canonical `movement` declaration. A refused passage is kept, with
 * the checkpoint's reason and the `refused-at-checkpoint` flag: the people refused for wrong or
 * mismatched information still need to be found and helped. A passage accepted with a refusal
 * reason contradicts itself: kept as accepted, as it says, with its reason and the
 * `checkpoint-decision-unclear` flag, so that a checkpoint reads it yellow (check the person)
 * rather than a green the officer's own reason put in doubt.
 */
export function toCanonical(native: unknown, context: MappingContext): MappingResult {
  const r = new NativeReader(native, validateNative);
  const passedAt = readDeclaredAt(r, '/thoiGian', context, parseDateTime);
  const refused = r.text('/trangThai') === 'TU_CHOI';
  const reason = readText(r, '/lyDoTuChoi', TEXT_LIMITS.checkpointReason);
  for (const flag of passageFlags(refused ? 'refused' : 'accepted', reason)) r.flag(flag);
  const plate = readText(r, '/hanhTrinh/bienSoXe', TEXT_LIMITS.vehicleId);
  const code = r.text('/maKhaiBao');
  if (code !== undefined && HOLDS_PERSONAL_NUMBER.test(code)) {
    r.refuse(
      '/maKhaiBao',
      'not-allowed',
      'must not hold a 12-digit number: the passage code is shown in QR codes, and the personal number never may be',
    );
  }

  return r.finish(
    context,
    code,
    {
      kind: 'movement',
      declaredAt: passedAt,
      subject: {
        fullName: readName(r, '/hoVaTen', { required: true }),
        birthDate: readBirthDate(r, '/ngaySinh', context, { required: true }),
        sex: lookup(SEX, r.text('/gioiTinh') ?? ''),
        nationality: 'VN',
        identifiers: identifiers(readDocument(r, '/soDinhDanh', 'vn-cccd'), readPhone(r, '/soDienThoai')),
        address: {
          provinceCode: r.parse('/noiThuongTru/maTinh', 'unknown-province', provinceCode),
          districtCode: r.text('/noiThuongTru/maHuyen'),
          wardCode: r.text('/noiThuongTru/maXa'),
        },
      },
      travel: {
        from: r.parse('/hanhTrinh/tu', 'unknown-province', provinceCode),
        to: r.parse('/hanhTrinh/den', 'unknown-province', provinceCode),
        date: passedAt === undefined ? undefined : localDateOf(passedAt),
        // A number plate means a road vehicle: checkpoints stand on roads.
        vehicle: plate === undefined ? undefined : 'road',
        vehicleId: plate,
        purpose: readText(r, '/hanhTrinh/lyDo', TEXT_LIMITS.purpose),
      },
      checkpoint: {
        checkpointId: r.required('/chotKiemSoat', readText(r, '/chotKiemSoat', TEXT_LIMITS.checkpointId)),
        decision: refused ? 'refused' : 'accepted',
        reason,
      },
    },
    { idAt: '/maKhaiBao' },
  );
}
