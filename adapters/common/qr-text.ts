/**
 * Splits a platform QR text `PREFIX:part[:part]` into its parts when the prefix matches and every
 * part has the shape given; undefined otherwise. Scanners add stray whitespace and some lower-case
 * the prefix, so both are tolerated; the ids themselves are kept as they are. The last part is the
 * rest of the text, `:` included, so an id may hold a `:` where the shape given for it allows one.
 */
export function qrParts(text: string, prefix: string, partShapes: readonly RegExp[]): string[] | undefined {
  const trimmed = text.trim();
  const head = `${prefix}:`;
  if (trimmed.length > 200 || trimmed.slice(0, head.length).toUpperCase() !== head) return undefined;
  const fields = trimmed.slice(head.length).split(':');
  if (fields.length < partShapes.length) return undefined;
  const parts = [...fields.slice(0, partShapes.length - 1), fields.slice(partShapes.length - 1).join(':')];
  return parts.every((part, i) => (partShapes[i] as RegExp).test(part)) ? parts : undefined;
}
