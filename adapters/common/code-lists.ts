import { lookup } from '../../gateway/normalize/lookup';
import type { NativeReader } from './native-reader';

/**
 * Reads an array of a platform's health codes (symptoms, contacts) through a table of upper-case
 * codes: known codes become canonical codes (once each), read whatever their case and surrounding
 * space (`" confirmed_case"` is CONFIRMED_CASE: read as `confirmed_case` was, it was no contact, and
 * green); unknown ones are kept as unread health answers with their pointer (the record flagged,
 * so a checkpoint checks the person) rather than refusing the record.
 */
export function readCodes<T extends string>(r: NativeReader, pointer: string, table: Readonly<Record<string, T>>): T[] {
  const codes = new Set<T>();
  r.array(pointer).forEach((raw, i) => {
    const code = typeof raw === 'string' ? lookup(table, raw.trim().toUpperCase()) : undefined;
    if (code) codes.add(code);
    else r.unreadHealth(`${pointer}/${i}`, raw);
  });
  return [...codes];
}
