/**
 * Go's text/template parsed, for test/helm/helm-template.ts: actions with their whitespace trimming,
 * comments, if / else if / with / range / define blocks, variables and pipelines of operands.
 */

export type Value = unknown;
export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with'; pipe: Pipeline; then: Node[]; otherwise: Node[] }
  | { kind: 'range'; pipe: Pipeline; body: Node[] };
export interface Pipeline {
  declare: string[];
  commands: Operand[][];
}
export type Operand =
  | { kind: 'literal'; value: Value }
  | { kind: 'field'; root: string; path: string[] }
  | { kind: 'ident'; name: string }
  | { kind: 'sub'; pipe: Pipeline };

/** Go's integers (int, add, div, mul, literals) kept apart from YAML's float64 numbers, which Go prints another way. */
export class GoInt {
  constructor(readonly value: bigint) {}
}

/** A template's nodes; each `define` it holds goes into `defines`. */
export function parseTemplate(source: string, defines: Map<string, Node[]>): Node[] {
  const tokens: ({ text: string } | { action: string })[] = [];
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('{{', at);
    if (open < 0) {
      tokens.push({ text: source.slice(at) });
      break;
    }
    let text = source.slice(at, open);
    const close = source.indexOf('}}', open);
    if (close < 0) throw new Error('unclosed action');
    let inner = source.slice(open + 2, close);
    if (inner.startsWith('- ')) text = text.replace(/\s+$/, '');
    tokens.push({ text });
    at = close + 2;
    if (inner.endsWith(' -')) {
      const rest = source.slice(at);
      at += rest.length - rest.replace(/^\s+/, '').length;
    }
    inner = inner.replace(/^- /, '').replace(/ -$/, '').trim();
    if (!inner.startsWith('/*')) tokens.push({ action: inner });
  }
  let position = 0;
  const block = (stops: string[]): { nodes: Node[]; stop: string } => {
    const nodes: Node[] = [];
    while (position < tokens.length) {
      const token = tokens[position++] as { text: string } | { action: string };
      if ('text' in token) {
        if (token.text) nodes.push({ kind: 'text', text: token.text });
        continue;
      }
      const [word = '', ...restWords] = token.action.split(/\s+/);
      const rest = token.action.slice(word.length).trim();
      if (stops.includes(word)) return { nodes, stop: token.action };
      if (word === 'if' || word === 'with') nodes.push(conditional(word, rest));
      else if (word === 'range') {
        const body = block(['end']);
        nodes.push({ kind: 'range', pipe: parsePipeline(rest), body: body.nodes });
      } else if (word === 'define') {
        const name = JSON.parse(restWords.join(' ')) as string;
        defines.set(name, block(['end']).nodes);
      } else nodes.push({ kind: 'action', pipe: parsePipeline(token.action) });
    }
    if (stops.length > 0) throw new Error(`missing {{ end }} (expected ${stops.join(' or ')})`);
    return { nodes, stop: '' };
  };
  const conditional = (kind: 'if' | 'with', rest: string): Node => {
    const then = block(['else', 'end']);
    let otherwise: Node[] = [];
    if (then.stop.startsWith('else')) {
      const chained = then.stop.slice(4).trim();
      if (chained.startsWith('if ') || chained.startsWith('with ')) {
        const [again = ''] = chained.split(/\s/);
        otherwise = [conditional(again as 'if' | 'with', chained.slice(again.length).trim())];
        return { kind, pipe: parsePipeline(rest), then: then.nodes, otherwise };
      }
      otherwise = block(['end']).nodes;
    }
    return { kind, pipe: parsePipeline(rest), then: then.nodes, otherwise };
  };
  return block([]).nodes;
}

function parsePipeline(source: string): Pipeline {
  const declared = /^(\$\w*(?:\s*,\s*\$\w*)?)\s*:=\s*/.exec(source);
  const declare = declared ? (declared[1] as string).split(/\s*,\s*/) : [];
  const body = declared ? source.slice(declared[0].length) : source;
  const commands: Operand[][] = [[]];
  const words = lex(body);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '|') commands.push([]);
    else (commands[commands.length - 1] as Operand[]).push(operand(word));
  }
  return { declare, commands };
}

function lex(source: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) i++;
    else if (c === '"') {
      let j = i + 1;
      while (source[j] !== '"') j += source[j] === '\\' ? 2 : 1;
      words.push(source.slice(i, j + 1));
      i = j + 1;
    } else if (c === '(') {
      let depth = 0;
      let j = i;
      for (; j < source.length; j++) {
        if (source[j] === '"') for (j++; source[j] !== '"'; j += source[j] === '\\' ? 2 : 1);
        if (source[j] === '(') depth++;
        if (source[j] === ')' && --depth === 0) break;
      }
      words.push(source.slice(i, j + 1));
      i = j + 1;
    } else if (c === '|') {
      words.push('|');
      i++;
    } else {
      const j = source.slice(i).search(/[\s|()]/);
      const end = j < 0 ? source.length : i + j;
      words.push(source.slice(i, end));
      i = end;
    }
  }
  return words;
}

function operand(word: string): Operand {
  if (word.startsWith('"')) return { kind: 'literal', value: JSON.parse(word) };
  if (word.startsWith('(')) return { kind: 'sub', pipe: parsePipeline(word.slice(1, -1)) };
  if (/^-?\d+$/.test(word)) return { kind: 'literal', value: new GoInt(BigInt(word)) };
  if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' };
  if (word === 'nil') return { kind: 'literal', value: undefined };
  if (word === '.') return { kind: 'field', root: '.', path: [] };
  if (word.startsWith('.')) return { kind: 'field', root: '.', path: word.slice(1).split('.') };
  if (word.startsWith('$')) {
    const [root = '$', ...path] = word.split('.');
    return { kind: 'field', root, path };
  }
  if (/^[A-Za-z]\w*$/.test(word)) return { kind: 'ident', name: word };
  throw new Error(`template word not understood: ${word}`);
}

