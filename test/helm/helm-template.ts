import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { GoInt, parseTemplate, type Node, type Pipeline, type Operand, type Value } from './helm-template-parse';

/**
 * `helm template` for this chart, where no helm binary can be installed (Debian and npm carry none):
 * Go's text/template and the few Sprig and Helm functions the chart uses, with Helm's semantics where
 * they bite (whitespace trimming, Go's truthiness, `required` failing on nil or "", a float printed as
 * Go prints it: 1000000 as 1e+06, the gotcha of numbers in values). A construct or a function it does
 * not know throws, so a template that outgrows it fails its tests rather than rendering wrong.
 */

type Scope = Map<string, Value>;

export interface Release {
  name: string;
  namespace: string;
}

/** Renders every template of `chartDir` with `values` (already merged over values.yaml): file name → its text. */
export function renderChart(chartDir: string, values: Record<string, unknown>, release: Release): Map<string, string> {
  const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as Record<string, string>;
  const files = templateFiles(join(chartDir, 'templates'));
  const base = `${chart.name}/templates`;
  const templates = new Map<string, Node[]>();
  for (const file of files) {
    const name = `${base}/${relative(join(chartDir, 'templates'), file)}`;
    templates.set(name, parseTemplate(readFileSync(file, 'utf8'), templates));
  }
  const root = {
    Values: values,
    Release: { Name: release.name, Namespace: release.namespace, Service: 'Helm' },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
    Template: { BasePath: base },
    Files: { Get: (path: string) => readFileSync(join(chartDir, path), 'utf8') },
  };
  const engine = new Engine(templates, root);
  const out = new Map<string, string>();
  for (const [name] of templates) {
    const file = name.slice(base.length + 1);
    if (file.endsWith('.yaml')) out.set(file, engine.include(name, root));
  }
  return out;
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => (statSync(join(dir, entry)).isDirectory() ? templateFiles(join(dir, entry)) : [join(dir, entry)]));
}


class Engine {
  constructor(
    private readonly templates: Map<string, Node[]>,
    private readonly root: Value,
  ) {}

  include(name: string, dot: Value): string {
    const nodes = this.templates.get(name);
    if (!nodes) throw new Error(`no template named ${name}`);
    return this.run(nodes, dot, [new Map([['$', dot]])]);
  }

  private run(nodes: Node[], dot: Value, scopes: Scope[]): string {
    let out = '';
    const scope: Scope[] = [...scopes, new Map()];
    for (const node of nodes) {
      if (node.kind === 'text') out += node.text;
      else if (node.kind === 'action') {
        const value = this.pipeline(node.pipe, dot, scope);
        if (node.pipe.declare.length === 0) out += show(value);
      } else if (node.kind === 'if' || node.kind === 'with') {
        const value = this.pipeline(node.pipe, dot, scope);
        if (truthy(value)) out += this.run(node.then, node.kind === 'with' ? value : dot, scope);
        else out += this.run(node.otherwise, dot, scope);
      } else if (node.kind === 'range') {
        const value = this.pipeline({ ...node.pipe, declare: [] }, dot, scope);
        const entries: [Value, Value][] = Array.isArray(value)
          ? value.map((v, i) => [new GoInt(BigInt(i)), v])
          : value && typeof value === 'object'
            ? Object.keys(value)
                .sort()
                .map((k) => [k, (value as Record<string, Value>)[k]])
            : [];
        for (const [key, element] of entries) {
          const inner = new Map<string, Value>();
          const [first, second] = node.pipe.declare;
          if (second) inner.set(first as string, key).set(second, element);
          else if (first) inner.set(first, element);
          out += this.run(node.body, element, [...scope, inner]);
        }
      }
    }
    return out;
  }

  private pipeline(pipe: Pipeline, dot: Value, scopes: Scope[]): Value {
    let piped: Value[] = [];
    for (const command of pipe.commands) piped = [this.command(command, piped, dot, scopes)];
    const value = piped[0];
    if (pipe.declare.length === 1) (scopes[scopes.length - 1] as Scope).set(pipe.declare[0] as string, value);
    return value;
  }

  private command(command: Operand[], piped: Value[], dot: Value, scopes: Scope[]): Value {
    const [head, ...rest] = command;
    if (!head) throw new Error('empty command');
    const args = () => [...rest.map((o) => this.operand(o, dot, scopes)), ...piped];
    if (head.kind === 'ident') return this.call(head.name, args(), dot);
    const value = this.operand(head, dot, scopes);
    if (typeof value === 'function') return (value as (...a: Value[]) => Value)(...args().map(plain));
    if (rest.length > 0 || piped.length > 0) throw new Error('arguments given to a value that is not a function');
    return value;
  }

  private operand(o: Operand, dot: Value, scopes: Scope[]): Value {
    if (o.kind === 'literal') return o.value;
    if (o.kind === 'sub') return this.pipeline(o.pipe, dot, scopes);
    if (o.kind === 'ident') return this.call(o.name, [], dot);
    let value: Value = o.root === '.' ? dot : lookup(scopes, o.root);
    for (const key of o.path) value = value && typeof value === 'object' ? (value as Record<string, Value>)[key] : undefined;
    return value;
  }

  private call(name: string, args: Value[], dot: Value): Value {
    const int = (v: Value) => new GoInt(toBigInt(v));
    const functions: Record<string, (...a: Value[]) => Value> = {
      include: (template, data) => this.include(template as string, data),
      required: (message, value) => {
        if (value === undefined || value === null || value === '') throw new Error(`execution error: ${message as string}`);
        return value;
      },
      fail: (message) => {
        throw new Error(`execution error: ${message as string}`);
      },
      default: (fallback, value) => (truthy(value) ? value : fallback),
      quote: (...values) => values.map((v) => JSON.stringify(show(v))).join(' '),
      toJson: (value) => goJson(value),
      toYaml: (value) => stringify(plain(value), { sortMapEntries: true, indentSeq: false }).replace(/\n$/, ''),
      nindent: (n, text) => `\n${indent(Number(toBigInt(n)), text as string)}`,
      indent: (n, text) => indent(Number(toBigInt(n)), text as string),
      trunc: (n, text) => (text as string).slice(0, Number(toBigInt(n))),
      trimSuffix: (suffix, text) => ((text as string).endsWith(suffix as string) ? (text as string).slice(0, -(suffix as string).length) : text),
      replace: (from, to, text) => (text as string).split(from as string).join(to as string),
      contains: (part, text) => (text as string).includes(part as string),
      printf: (format, ...values) => printf(format as string, values),
      print: (...values) => values.map(show).join(''),
      join: (separator, list) => (list as Value[]).map(show).join(separator as string),
      sha256sum: (text) => createHash('sha256').update(text as string).digest('hex'),
      int,
      add: (...values) => new GoInt(values.reduce<bigint>((sum, v) => sum + toBigInt(v), 0n)),
      mul: (...values) => new GoInt(values.reduce<bigint>((product, v) => product * toBigInt(v), 1n)),
      div: (a, b) => new GoInt(toBigInt(a) / toBigInt(b)),
      not: (value) => !truthy(value),
      and: (...values) => values.find((v) => !truthy(v)) ?? values[values.length - 1],
      or: (...values) => values.find(truthy) ?? values[values.length - 1],
      eq: (a, b) => show(a) === show(b),
      ne: (a, b) => show(a) !== show(b),
      dict: (...pairs) => Object.fromEntries(Array.from({ length: pairs.length / 2 }, (_, i) => [pairs[2 * i] as string, pairs[2 * i + 1]])),
    };
    const fn = functions[name];
    if (!fn) throw new Error(`function "${name}" not defined (add it to test/helm/helm-template.ts with Helm's semantics)`);
    void dot;
    return fn(...args);
  }
}

function lookup(scopes: Scope[], name: string): Value {
  for (let i = scopes.length - 1; i >= 0; i--) if ((scopes[i] as Scope).has(name)) return (scopes[i] as Scope).get(name);
  throw new Error(`undefined variable ${name}`);
}

function truthy(value: Value): boolean {
  if (value instanceof GoInt) return value.value !== 0n;
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

function toBigInt(value: Value): bigint {
  if (value instanceof GoInt) return value.value;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  if (value === undefined || value === null) return 0n;
  throw new Error(`not a number: ${JSON.stringify(value)}`);
}

/** As Go's fmt prints a value: a float64 past 1e6 in exponent form, nil as nothing. */
function show(value: Value): string {
  if (value === undefined || value === null) return '';
  if (value instanceof GoInt) return value.value.toString();
  if (typeof value === 'number') {
    if (value !== 0 && (Math.abs(value) >= 1e21 || Math.abs(value) < 1e-4 || (Number.isInteger(value) && Math.abs(value) >= 1e6)))
      return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
    return String(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(show).join(' ')}]`;
  return `map[${Object.keys(value as object)
    .sort()
    .map((k) => `${k}:${show((value as Record<string, Value>)[k])}`)
    .join(' ')}]`;
}

function plain(value: Value): Value {
  if (value instanceof GoInt) return Number(value.value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** encoding/json: keys sorted, <, > and & escaped. */
function goJson(value: Value): string {
  const sorted = (v: Value): Value =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, Value>)[k])]),
          )
        : v;
  return JSON.stringify(sorted(plain(value)) ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

function indent(n: number, text: string): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

function printf(format: string, values: Value[]): string {
  let i = 0;
  return format.replace(/%[sdv%]/g, (verb) => {
    if (verb === '%%') return '%';
    const value = values[i++];
    if (verb === '%d') return toBigInt(value).toString();
    return show(value);
  });
}
