/** The outcome of reading one native value: the normalised value, or why it cannot be read. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const accept = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const reject = <T = never>(message: string): Parsed<T> => ({ ok: false, message });

/** The next step of a reading, taken only when the previous one succeeded. */
export const andThen = <T, U>(parsed: Parsed<T>, next: (value: T) => Parsed<U>): Parsed<U> => (parsed.ok ? next(parsed.value) : parsed);
