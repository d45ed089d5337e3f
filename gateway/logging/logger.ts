import pino, { type Logger } from 'pino';

/**
 * One JSON logger for the process (pino: structured, fast, well kept). Personal fields are redacted
 * wherever they appear in a logged object, as a second line of defence: the code never logs a
 * declaration, a name, a document number or a phone in the first place.
 */
export const REDACTED_PATHS = [
  '*.fullName',
  '*.birthDate',
  '*.identifiers',
  '*.phone',
  '*.value',
  '*.qr',
  '*.text',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
];

export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'vnhc-gateway' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}

export type { Logger };
