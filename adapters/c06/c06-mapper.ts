import { compileSchema } from '../../gateway/domain/schema-compiler';
import { localDateOf, parseDateTime } from '../../gateway/normalize/dates';
import { provinceCode } from '../../gateway/normalize/provinces';
import { tidyText } from '../../gateway/normalize/text';
import nativeSchema from '../../schemas/native-c06.schema.json';
import type { MappingContext, MappingResult } from '../common/adapter-types';
import { NativeReader } from '../common/native-reader';
import { identifiers, readBirthDate, readDocument, readName, readPhone } from '../common/subject-fields';

const validateNative = compileSchema(nativeSchema);

const SEX = { '1': 'male', '2': 'female' } as const;

/**
 * A C06 checkpoint passage as a canonical `movement` declaration. A refused passage is kept, with
 * the checkpoint's reason and the `refused-at-checkpoint` flag: the people refused for wrong or
 * mismatched information still need to be found and helped.
 */
export function toCanonical(native: unknown, context: MappingContext): MappingResult {
  const r = new NativeReader(native, validateNative);
  const passedAt = r.parse('/thoiGian', 'invalid-date', parseDateTime);
  const refused = r.text('/trangThai') === 'TU_CHOI';
  if (refused) r.flag('refused-at-checkpoint');
  const reason = r.text('/lyDoTuChoi');
  const plate = r.text('/hanhTrinh/bienSoXe');
  const purpose = r.text('/hanhTrinh/lyDo');

  return r.finish(context, r.text('/maKhaiBao'), {
    kind: 'movement',
    declaredAt: passedAt ?? '',
    subject: {
      fullName: readName(r, '/hoVaTen'),
      birthDate: readBirthDate(r, '/ngaySinh', context),
      sex: SEX[r.text('/gioiTinh') as keyof typeof SEX],
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
      purpose: purpose === undefined ? undefined : tidyText(purpose),
    },
    checkpoint: {
      checkpointId: r.text('/chotKiemSoat'),
      decision: refused ? 'refused' : 'accepted',
      reason: reason === undefined ? undefined : tidyText(reason),
    },
  });
}
