import fc from 'fast-check';

/**
 * A JSON document as the fuzzers build it before it becomes text. Plain objects cannot hold an own
 * `__proto__` key safely, and JSON.stringify cannot write 50,000 levels of nesting, so objects are
 * lists of entries, deep nesting is a marker written out level by level, and odd number texts
 * (`1e400`, `-0`, a 25-digit integer) are kept as they would be sent. `toText` gives the bytes a
 * partner would send; `JSON.parse` of that text is what a mapper or the gateway sees.
 */
export type Tree = null | boolean | number | string | Tree[] | Obj | Deep | Raw;
export type Path = (string | number)[];

export class Obj {
  constructor(readonly entries: readonly (readonly [string, Tree])[]) {}

  [fc.toStringMethod](): string {
    return preview(this);
  }
}

/** `depth` levels of arrays (`[[[…]]]`) or objects (`{"k":{"k":…}}`) around `leaf`. */
export class Deep {
  constructor(
    readonly depth: number,
    readonly shape: 'array' | 'object',
    readonly key: string,
    readonly leaf: Tree,
  ) {}

  [fc.toStringMethod](): string {
    return preview(this);
  }
}

/** A number exactly as written in the text. */
export class Raw {
  constructor(readonly text: string) {}

  [fc.toStringMethod](): string {
    return this.text;
  }
}

export function fromJson(value: unknown): Tree {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(fromJson);
  if (typeof value === 'object') return new Obj(Object.entries(value as object).map(([k, v]) => [k, fromJson(v)] as const));
  return null;
}

/** The text of a tree for a counterexample: long strings and deep nesting abbreviated. */
export function preview(tree: Tree): string {
  if (typeof tree === 'string')
    return tree.length > 80 ? `${JSON.stringify(tree.slice(0, 40))}…(${tree.length} chars)` : JSON.stringify(tree);
  if (tree instanceof Deep) return `${tree.shape === 'array' ? '[' : `{${JSON.stringify(tree.key)}:`}×${tree.depth} ${preview(tree.leaf)}`;
  if (tree instanceof Obj) return `{${tree.entries.map(([k, v]) => `${JSON.stringify(k)}:${preview(v)}`).join(',')}}`;
  if (Array.isArray(tree)) return tree.length > 20 ? `[${preview(tree[0] as Tree)}, …×${tree.length}]` : `[${tree.map(preview).join(',')}]`;
  return toText(tree);
}

export function toText(tree: Tree): string {
  if (tree instanceof Raw) return tree.text;
  if (tree instanceof Deep) {
    const leaf = toText(tree.leaf);
    if (tree.shape === 'array') return '['.repeat(tree.depth) + leaf + ']'.repeat(tree.depth);
    return `{${JSON.stringify(tree.key)}:`.repeat(tree.depth) + leaf + '}'.repeat(tree.depth);
  }
  if (tree instanceof Obj) return `{${tree.entries.map(([k, v]) => `${JSON.stringify(k)}:${toText(v)}`).join(',')}}`;
  if (Array.isArray(tree)) return `[${tree.map(toText).join(',')}]`;
  // Well-formed JSON.stringify writes a lone surrogate as \udXXX, so it survives the trip as sent.
  return JSON.stringify(tree);
}

/** Every node's path, the root's ([]) first, in document order. Deep markers are leaves. */
export function pathsOf(tree: Tree, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (tree instanceof Obj) tree.entries.forEach(([k, v]) => out.push(...pathsOf(v, [...prefix, k])));
  else if (Array.isArray(tree)) tree.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  return out;
}

export function nodeAt(tree: Tree, path: Path): Tree | undefined {
  let node: Tree | undefined = tree;
  for (const step of path) {
    if (node instanceof Obj) node = node.entries.find(([k]) => k === step)?.[1];
    else if (Array.isArray(node) && typeof step === 'number') node = node[step];
    else return undefined;
  }
  return node;
}

export const REMOVE = Symbol('remove');

/** A copy of `tree` with the node at `path` replaced by `change(node)`, or removed. */
export function updateAt(tree: Tree, path: Path, change: (node: Tree) => Tree | typeof REMOVE): Tree | typeof REMOVE {
  if (path.length === 0) return change(tree);
  const [step, ...rest] = path;
  if (tree instanceof Obj) {
    const entries: [string, Tree][] = [];
    for (const [k, v] of tree.entries) {
      const next = k === step ? updateAt(v, rest, change) : v;
      if (next !== REMOVE) entries.push([k, next]);
    }
    return new Obj(entries);
  }
  if (Array.isArray(tree)) {
    const out: Tree[] = [];
    tree.forEach((v, i) => {
      const next = i === step ? updateAt(v, rest, change) : v;
      if (next !== REMOVE) out.push(next);
    });
    return out;
  }
  return tree;
}

/** Sets (or adds) `key` on the object at `path`; a non-object there is left alone. */
export function withEntry(tree: Tree, path: Path, key: string, value: Tree): Tree {
  const next = updateAt(tree, path, (node) =>
    node instanceof Obj ? new Obj([...node.entries.filter(([k]) => k !== key), [key, value]]) : node,
  );
  return next === REMOVE ? null : next;
}

/** Every string found under `tree`, keys excluded. */
export function stringsOf(tree: Tree): string[] {
  if (typeof tree === 'string') return [tree];
  if (tree instanceof Obj) return tree.entries.flatMap(([, v]) => stringsOf(v));
  if (Array.isArray(tree)) return tree.flatMap(stringsOf);
  if (tree instanceof Deep) return stringsOf(tree.leaf);
  return [];
}

/** Roughly the length of `toText(tree)`, counted only up to `cap` (a mutation may multiply a large document). */
export function weightOf(tree: Tree, cap: number): number {
  let total = 0;
  const stack: Tree[] = [tree];
  while (stack.length > 0 && total <= cap) {
    const node = stack.pop() as Tree;
    if (typeof node === 'string') total += node.length + 2;
    else if (node instanceof Deep) {
      total += node.depth * (node.shape === 'array' ? 2 : node.key.length + 4);
      stack.push(node.leaf);
    } else if (node instanceof Obj) {
      for (const [k, v] of node.entries) {
        total += k.length + 4;
        stack.push(v);
      }
    } else if (Array.isArray(node)) {
      total += 2;
      stack.push(...node);
    } else total += node instanceof Raw ? node.text.length : 5;
  }
  return total;
}
