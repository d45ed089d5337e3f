import type { Identifier, IdentifierSystem } from '../../gateway/domain/canonical-declaration';
import { parseDocument, type DocumentSystem } from '../../gateway/normalize/documents';
import { normalizeName } from '../../gateway/normalize/names';
import { toE164 } from '../../gateway/normalize/phones';
import type { NativeReader } from './native-reader';
import { fitText, TEXT_LIMITS } from './text-fields';

/*
 * Readers for the subject fields every platform carries in some spelling. Each takes the pointer of
 * the native field, so a reason names the field the partner must fix.
 */

/**
 * A person's name as stored (names.ts: NFC, single spaces, as written), within the canonical
 * length. `required` where the platform's form always asks it: a blank name then refuses the record.
 */
export function readName(r: NativeReader, pointer: string, { required = false } = {}): string | undefined {
  const text = r.text(pointer);
  const visible = text === undefined ? undefined : normalizeName(text);
  // A name made only of invisible characters is no name: absent (and refused where the form requires it).
  const name = visible === undefined || visible === '' ? undefined : fitText(r, pointer, visible, TEXT_LIMITS.fullName);
  return required ? r.required(pointer, name) : name;
}

export function readPhone(r: NativeReader, pointer: string): Identifier | undefined {
  const value = r.parse(pointer, 'invalid-phone', toE164);
  return value === undefined ? undefined : { system: 'phone', value };
}

export function readDocument(r: NativeReader, pointer: string, declared?: DocumentSystem, nationality?: string): Identifier | undefined {
  return r.parse(pointer, 'invalid-document', (value) => parseDocument(value, declared, nationality));
}

/** A platform's own id for the person or device, kept so a later record or QR can join on it. */
export function platformId(system: IdentifierSystem, value: string | undefined): Identifier | undefined {
  return value === undefined ? undefined : { system, value };
}

/** The identifiers that were read, strongest first, without the ones that were absent. */
export function identifiers(...ids: (Identifier | undefined)[]): Identifier[] {
  const read: Identifier[] = [];
  for (const id of ids) if (id !== undefined) read.push(id);
  return read;
}
