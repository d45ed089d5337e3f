import { foldText, tidyText } from './text';

/**
 * A person's name as stored: NFC, single-spaced, in the case the citizen wrote it.
 * Never adds diacritics: "NGUYEN VAN AN" stays as it came.
 */
export function normalizeName(input: string): string {
  return tidyText(input);
}

/**
 * The key two names are compared by: "Nguyễn Văn An", "NGUYỄN VĂN AN" (NFD or NFC), "NGUYEN VAN AN"
 * and "nguyen  van an" all fold to "nguyen van an". Used for joining, never shown.
 */
export function foldName(input: string): string {
  return foldText(input);
}
