import { readFileSync } from 'node:fs';
import { isSeq, parseDocument } from 'yaml';
import { IDENTIFIER_SYSTEMS, PLATFORMS } from '../../adapters';
import { projectPath } from '../project-paths';

/**
 * The enums that list the registry's platforms and identifier systems, wherever a schema or a
 * contract spells them out: written from the registry by `npm run gen:types`, never by hand, and
 * checked by test/domain/registry-enums-drift.test.ts. One direction: registry → these enums →
 * the canonical TypeScript type (rendered from the canonical schema).
 */
export interface EnumTarget {
  /** The file, from the project's root. */
  file: string;
  /** Where the enum's array is in it (keys of the parsed document). */
  path: readonly string[];
  values: () => string[];
}

const platforms = () => PLATFORMS.map((p) => p.platform);
const identifierSystems = () => IDENTIFIER_SYSTEMS.names();

export const ENUM_TARGETS: readonly EnumTarget[] = [
  { file: 'schemas/canonical-declaration.v1.schema.json', path: ['$defs', 'Platform', 'enum'], values: platforms },
  { file: 'schemas/canonical-declaration.v1.schema.json', path: ['$defs', 'IdentifierSystem', 'enum'], values: identifierSystems },
  { file: 'schemas/adapter-instances.schema.json', path: ['items', 'properties', 'platform', 'enum'], values: platforms },
  {
    file: 'helm/vnhc-gateway/values.schema.json',
    path: ['properties', 'instances', 'items', 'properties', 'platform', 'enum'],
    values: platforms,
  },
  {
    file: 'contracts/gateway.openapi.yaml',
    path: ['components', 'schemas', 'Citizen', 'properties', 'identifiers', 'items', 'properties', 'system', 'enum'],
    values: identifierSystems,
  },
];

/** The files the targets live in, each once, in order. */
export function enumFiles(): string[] {
  return [...new Set(ENUM_TARGETS.map((t) => t.file))];
}

/**
 * A file's text with every target enum in it rewritten from the registry, and nothing else
 * touched: each array is replaced in place, in the style it was written in (a JSON array on one
 * line or one value a line, a YAML flow sequence), so regenerating an up-to-date file changes no byte.
 */
export function withRegistryEnums(file: string, text: string, all: readonly EnumTarget[] = ENUM_TARGETS): string {
  const targets = all.filter((t) => t.file === file);
  const document = parseDocument(text);
  const edits = targets.map((target) => {
    const node = document.getIn(target.path, true);
    if (!isSeq(node) || !node.range) throw new Error(`${file}: no array at ${target.path.join('.')}`);
    const [start, end] = node.range;
    return { start, end, replacement: renderArray(text, start, text.slice(start, end), target.values(), file.endsWith('.json')) };
  });
  // From the end backwards, so that each edit's offsets still hold.
  return edits.sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.replacement + out.slice(e.end), text);
}

/** The current text of a target file. */
export function readProjectFile(file: string): string {
  return readFileSync(projectPath(file), 'utf8');
}

function renderArray(text: string, start: number, current: string, values: string[], json: boolean): string {
  const items = values.map((v) => (json ? JSON.stringify(v) : yamlScalar(v)));
  if (!current.includes('\n')) return `[${items.join(', ')}]`;
  const lineStart = text.lastIndexOf('\n', start) + 1;
  const indent = /^ */.exec(text.slice(lineStart))?.[0] ?? '';
  return `[\n${items.map((i) => `${indent}  ${i}`).join(',\n')}\n${indent}]`;
}

/** A value as a plain YAML scalar when it reads back as the same string, quoted otherwise. */
function yamlScalar(value: string): string {
  return /^[a-z][a-z0-9-]*$/.test(value) && !['true', 'false', 'null', 'yes', 'no', 'on', 'off'].includes(value)
    ? value
    : JSON.stringify(value);
}
