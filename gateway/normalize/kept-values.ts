/**
 * What a mapping keeps of the values it could not place (`quality.unmapped`), bounded. A partner
 * may send anything under an unknown key: a value nested thousands deep, a megabyte of text, a
 * `__proto__` key. The citizen's words are worth keeping, but only as much as a person could have
 * written: beyond these limits a value is cut, with a marker saying so.
 */
export const KEPT_LIMITS = {
  /** Values kept per declaration; past it, one last entry counts the ones left out. */
  entries: 32,
  /** Nesting: the kept value is depth 1; an array or object deeper than this becomes the marker. */
  depth: 4,
  /** Members kept of one array or object; past it, the marker. */
  members: 32,
  /** Characters kept of one string; past it, cut and ended with `…`. */
  chars: 200,
  /** Characters kept over all the strings and keys of a declaration. */
  totalChars: 16_000,
  /** Longer keys are not kept (their members are dropped, counted by the marker). */
  keyChars: 64,
  /** Longer pointers are not kept (the mappings' own pointers are far shorter; a partner's may not be). */
  pointerChars: 256,
} as const;

/** Stands for what was left out: a value nested too deep, members past the limit, text past the budget. */
export const OMITTED = '[…]';
const ELLIPSIS = '…';

/** Keys that would reach an object's prototype if a reader ever merged the value into an object. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface KeptValue {
  pointer: string;
  value: unknown;
}

/** The unmapped values of one declaration, each bounded as it is added. */
export class KeptValues {
  private readonly kept: KeptValue[] = [];
  private left = 0;
  private chars: number = KEPT_LIMITS.totalChars;

  /** Keeps a bounded copy of `value`; past the entry limit, only counts it. */
  add(pointer: string, value: unknown): void {
    if (this.kept.length >= KEPT_LIMITS.entries || pointer.length > KEPT_LIMITS.pointerChars) {
      this.left += 1;
      return;
    }
    this.kept.push({ pointer, value: this.copy(value, 1) });
  }

  /** Everything kept, then one entry (pointer "") saying how many values were left out, if any. */
  list(): KeptValue[] {
    return this.left === 0
      ? [...this.kept]
      : [...this.kept, { pointer: '', value: `${OMITTED} ${this.left} more unmapped values not kept` }];
  }

  private copy(value: unknown, depth: number): unknown {
    if (value === null || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (typeof value === 'string') return this.text(value, KEPT_LIMITS.chars);
    if (typeof value !== 'object' || depth > KEPT_LIMITS.depth) return OMITTED;
    return Array.isArray(value) ? this.copyArray(value, depth) : this.copyObject(value as Record<string, unknown>, depth);
  }

  private copyArray(value: readonly unknown[], depth: number): unknown[] {
    const out: unknown[] = [];
    for (const member of value) {
      if (out.length >= KEPT_LIMITS.members || this.chars <= 0) return [...out, OMITTED];
      out.push(this.copy(member, depth + 1));
    }
    return out;
  }

  private copyObject(value: Record<string, unknown>, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let count = 0;
    let omitted = false;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) continue;
      if (count >= KEPT_LIMITS.members || this.chars <= 0) {
        omitted = true;
        break;
      }
      if (key.length > KEPT_LIMITS.keyChars) {
        omitted = true;
        continue;
      }
      this.chars -= key.length;
      // defineProperty, not assignment: a key is data, never a setter of the copy (belt and braces with FORBIDDEN_KEYS).
      Object.defineProperty(out, key, { value: this.copy(value[key], depth + 1), enumerable: true, writable: true, configurable: true });
      count += 1;
    }
    if (omitted) out[ELLIPSIS] = OMITTED;
    return out;
  }

  /** A string cut to `max` characters and to what is left of the budget, never splitting a surrogate pair. */
  private text(value: string, max: number): string {
    const room = Math.min(max, Math.max(0, this.chars));
    if (value.length <= room) {
      this.chars -= value.length;
      return value;
    }
    if (room === 0) return OMITTED;
    let cut = value.slice(0, room);
    if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
    this.chars -= cut.length;
    return cut + ELLIPSIS;
  }
}
