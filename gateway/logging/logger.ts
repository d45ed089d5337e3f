import pino, { type Logger } from 'pino';
import { redactInterpolated, redactPersonal } from './redact-personal';
import { turnBufferedStdout } from './turn-buffered-stdout';

/**
 * One JSON logger for the process (pino: structured, fast, well kept), writing to standard output
 * once a turn (turn-buffered-stdout.ts) unless given a destination. Personal fields are redacted
 * wherever they appear in a line (its fields, at any depth), as a second line of defence: the code never
 * logs a declaration, a name, a document number or a phone in the first place.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  const logger = pino(
    { level, base: { service: 'vnhc-gateway' }, formatters: { log: redactPersonal } },
    destination ?? turnBufferedStdout(),
  );
  // A child's bindings skip pino's formatters, so they are redacted as the child is made; its own
  // children (pino makes them with Object.create from it) inherit this `child`.
  const makeChild = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return makeChild.call(this, redactPersonal(bindings), options);
  } as Logger['child'];
  // Bindings set later skip the formatters too; children inherit this as they inherit `child`.
  const setBindings = logger.setBindings;
  logger.setBindings = function (this: Logger, bindings) {
    setBindings.call(this, redactPersonal(bindings));
  } as Logger['setBindings'];
  // Pino's format options stringify what a message interpolates (its formatters never see it);
  // children inherit them. Missing, a pino upgrade moved them: better refused here than leaking.
  const format = (logger as unknown as Partial<Record<symbol, { stringify: (value: unknown) => string }>>)[pino.symbols.formatOptsSym];
  if (!format) throw new Error("createLogger: pino's format options are not where they were; redaction of interpolated values needs them");
  const stringify = format.stringify;
  format.stringify = (value) => stringify(redactInterpolated(value));
  return logger;
}

export type { Logger };
