/** Helpers for building native records in the simulators: local (+07:00) date parts. */
export function ictParts(at: Date): { dmy: string; iso: string; hm: string; hms: string; compact: string } {
  const local = new Date(at.getTime() + 7 * 3600 * 1000).toISOString();
  const [date, time] = [local.slice(0, 10), local.slice(11, 19)];
  return {
    dmy: `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`,
    iso: date,
    hm: time.slice(0, 5),
    hms: time,
    compact: date.replace(/-/g, ''),
  };
}

/** tokhaiyte's eight symptom questions for a set of canonical symptoms. */
export function symptomFlags(symptoms: readonly string[]): Record<string, boolean> {
  const has = (s: string) => symptoms.includes(s);
  return {
    sot: has('fever'),
    ho: has('cough'),
    kho_tho: false,
    dau_hong: has('sore-throat'),
    buon_non: false,
    tieu_chay: false,
    xuat_huyet_ngoai_da: false,
    noi_ban_ngoai_da: false,
  };
}
