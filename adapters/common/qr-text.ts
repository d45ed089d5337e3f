/**
 * Splits a platform QR text `PREFIX:part[:part]` into its parts when the prefix matches and every
 * part has the shape given; undefined otherwise. Scanners add stray whitespace and some lower-case
 * the prefix, so both are tolerated; the ids themselves are kept as they are.
 */
export function qrParts(text: string, prefix: string, partShapes: readonly RegExp[]): string[] | undefined {
  const trimmed = text.trim();
  const head = `${prefix}:`;
  if (trimmed.length > 200 || trimmed.slice(0, head.length).toUpperCase() !== head) return undefined;
  const parts = trimmed.slice(head.length).split(':');
  if (parts.length !== partShapes.length) return undefined;
  return parts.every((part, i) => (partShapes[i] as RegExp).test(part)) ? parts : undefined;
}
