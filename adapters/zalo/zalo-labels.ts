import { BoundedMemo } from '../../gateway/normalize/bounded-memo';
import { lookup } from '../../gateway/normalize/lookup';
import { foldText } from '../../gateway/normalize/text';

export type ZaloField = 'fullName' | 'birthDate' | 'sex' | 'document' | 'phone' | 'address' | 'symptoms' | 'contact';

/**
 * Question labels seen on the official accounts' forms, folded (case, diacritics, punctuation), so
 * "Họ và tên", "HỌ VÀ TÊN" and "Ho va ten" are one label. A label not listed is kept, not refused.
 */
const LABELS: Readonly<Record<string, ZaloField>> = {
  'ho va ten': 'fullName',
  'ho ten': 'fullName',
  'ho va ten nguoi khai': 'fullName',
  'ngay sinh': 'birthDate',
  'ngay thang nam sinh': 'birthDate',
  'nam sinh': 'birthDate',
  'gioi tinh': 'sex',
  'so cmnd cccd': 'document',
  'cmnd cccd': 'document',
  'so giay to tuy than': 'document',
  'so cccd': 'document',
  'so cmnd': 'document',
  'so cmnd cccd ho chieu': 'document',
  'so dinh danh ca nhan': 'document',
  'so dien thoai': 'phone',
  'dien thoai': 'phone',
  sdt: 'phone',
  'so dien thoai lien he': 'phone',
  'dia chi': 'address',
  'dia chi noi o': 'address',
  'noi o hien nay': 'address',
  'dia chi cu tru': 'address',
  'trieu chung': 'symptoms',
  'trieu chung trong 14 ngay': 'symptoms',
  'trieu chung trong 14 ngay qua': 'symptoms',
  'tiep xuc voi ca benh': 'contact',
  'tiep xuc voi nguoi benh': 'contact',
  'tiep xuc voi f0': 'contact',
};

export function fieldOfLabel(label: string): ZaloField | undefined {
  return byLabel.get(label, fieldOfLabelOnce) ?? undefined;
}

/** An account's form asks the same questions of every citizen: each label is folded once, not at every answer (null: no field). */
const byLabel = new BoundedMemo<ZaloField | null>(1024);

function fieldOfLabelOnce(label: string): ZaloField | null {
  return lookup(LABELS, foldText(label)) ?? null;
}

/**
 * The province each official account serves. The national account serves the whole country: its
 * records take their province from the address, or have none.
 */
export const ACCOUNT_PROVINCE: Readonly<Record<string, string | null>> = {
  'congan.quangnam': '49',
  'congan.hanam': '35',
  'congan.haiduong': '30',
  phongchongcorona: null,
};
