import { lookup } from '../../gateway/normalize/lookup';
import type { NativeReader } from './native-reader';

/**
 * Reads an array of platform codes through a table: known codes become canonical codes (once
 * each), unknown ones are kept as unmapped with their pointer rather than refusing the record.
 */
export function readCodes<T extends string>(r: NativeReader, pointer: string, table: Readonly<Record<string, T>>): T[] {
  const codes = new Set<T>();
  r.array(pointer).forEach((raw, i) => {
    const code = typeof raw === 'string' ? lookup(table, raw) : undefined;
    if (code) codes.add(code);
    else r.keep(`${pointer}/${i}`, raw);
  });
  return [...codes];
}
