import { tidyText } from '../../gateway/normalize/text';
import canonicalSchema from '../../schemas/canonical-declaration.v1.schema.json';
import type { NativeReader } from './native-reader';

const { $defs: defs } = canonicalSchema;

/**
 * The canonical schema's length limits on the free text a mapping writes, read from the schema
 * itself so that the mapping and the schema cannot disagree. A text past its limit is refused at
 * its native pointer by the mapping, never found later by the canonical check (a gateway error).
 */
export const TEXT_LIMITS = {
  fullName: defs.Subject.properties.fullName.maxLength,
  addressLine: defs.Address.properties.line.maxLength,
  vehicleId: defs.Travel.properties.vehicleId.maxLength,
  purpose: defs.Travel.properties.purpose.maxLength,
  checkpointId: defs.Checkpoint.properties.checkpointId.maxLength,
  checkpointReason: defs.Checkpoint.properties.reason.maxLength,
} as const;

/** Free text for a canonical field: tidied (NFC, single spaces), refused at `pointer` when longer than `maxLength`. */
export function readText(r: NativeReader, pointer: string, maxLength: number): string | undefined {
  const text = r.text(pointer);
  return text === undefined ? undefined : fitText(r, pointer, tidyText(text), maxLength);
}

/** `text`, or undefined with a reason at `pointer` when it has more than `maxLength` characters. */
export function fitText(r: NativeReader, pointer: string, text: string, maxLength: number): string | undefined {
  if (fits(text, maxLength)) return text;
  r.refuse(pointer, 'bad-format', `is longer than the ${maxLength} characters the gateway keeps of it`);
  return undefined;
}

/**
 * "12 Lê Lợi, Phường Bến Nghé, Quận 1": the parts below the province, as the citizen wrote them,
 * joined. Too long a line is refused at its longest part, the one the partner most likely got wrong.
 */
export function readAddressLine(r: NativeReader, ...pointers: string[]): string | undefined {
  const parts: { pointer: string; text: string }[] = [];
  for (const pointer of pointers) {
    const text = r.text(pointer);
    if (text !== undefined) parts.push({ pointer, text: tidyText(text) });
  }
  if (parts.length === 0) return undefined;
  const line = parts.length === 1 ? (parts[0] as { text: string }).text : parts.map((p) => p.text).join(', ');
  if (fits(line, TEXT_LIMITS.addressLine)) return line;
  const longest = parts.reduce((a, b) => (characters(b.text) > characters(a.text) ? b : a));
  r.refuse(
    longest.pointer,
    'bad-format',
    `makes the address line longer than the ${TEXT_LIMITS.addressLine} characters the gateway keeps of it`,
  );
  return undefined;
}

/** Whether `text` has at most `max` characters; UTF-16 units are never fewer than characters, hence the shortcut. */
function fits(text: string, max: number): boolean {
  return text.length <= max || characters(text) <= max;
}

/** Characters as JSON Schema counts them (code points: a surrogate pair is one). */
function characters(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
