import type { Identifier, IdentifierSystem } from '../../gateway/domain/canonical-declaration';
import { parseBirthDate } from '../../gateway/normalize/dates';
import { parseDocument, type DocumentSystem } from '../../gateway/normalize/documents';
import { normalizeName } from '../../gateway/normalize/names';
import { toE164 } from '../../gateway/normalize/phones';
import { tidyText } from '../../gateway/normalize/text';
import type { MappingContext } from './adapter-types';
import type { NativeReader } from './native-reader';

/**
 * Readers for the subject fields every platform carries in some spelling. Each takes the pointer of
 * the native field, so a reason names the field the partner must fix.
 */
export function readName(r: NativeReader, pointer: string): string | undefined {
  const text = r.text(pointer);
  return text === undefined ? undefined : normalizeName(text);
}

export function readBirthDate(r: NativeReader, pointer: string, context: MappingContext): string | undefined {
  const today = context.receivedAt.slice(0, 10);
  return r.parse(pointer, 'invalid-date', (value) => parseBirthDate(value, today));
}

export function readPhone(r: NativeReader, pointer: string): Identifier | undefined {
  const value = r.parse(pointer, 'invalid-phone', toE164);
  return value === undefined ? undefined : { system: 'phone', value };
}

export function readDocument(r: NativeReader, pointer: string, declared?: DocumentSystem): Identifier | undefined {
  return r.parse(pointer, 'invalid-document', (value) => parseDocument(value, declared));
}

/** A platform's own id for the person or device, kept so a later record or QR can join on it. */
export function platformId(system: IdentifierSystem, value: string | undefined): Identifier | undefined {
  return value === undefined ? undefined : { system, value };
}

/** The identifiers that were read, strongest first, without the ones that were absent. */
export function identifiers(...ids: (Identifier | undefined)[]): Identifier[] {
  return ids.filter((id): id is Identifier => id !== undefined);
}

/** "12 Lê Lợi, Phường Bến Nghé, Quận 1": the parts below the province, as the citizen wrote them. */
export function joinAddress(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((p): p is string => p !== undefined).map(tidyText);
  return present.length === 0 ? undefined : present.join(', ');
}
