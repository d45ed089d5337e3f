/**
 * A table's own entry for a key, or undefined. Platform values index code tables (`SEX["Nam"]`),
 * and a plain object also answers `constructor`, `toString` or `__proto__` from its prototype: a
 * record that sent one of those words would have a function or an object mapped as its code.
 */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
