import { isDeepStrictEqual } from 'node:util';
import { Document, isScalar, parse, visit } from 'yaml';
import { PLATFORMS } from '../../adapters';
import canonicalSchema from '../../schemas/canonical-declaration.v1.schema.json';
import venueSchema from '../../schemas/venue.v1.schema.json';
import checkinSchema from '../../schemas/checkin.v1.schema.json';
import noticeSchema from '../../schemas/exposure-notice.v1.schema.json';
import tracingSchema from '../../schemas/tracing.v1.schema.json';

/**
 * The JSON Schemas of schemas/ are the one source of truth for the records the gateway validates;
 * contracts/gateway.openapi.yaml holds a copy of each under components/schemas, written here by
 * `npm run gen:contract` and compared by test/contract/contract-drift.test.ts. The copy is what
 * every OpenAPI tool reads: no `$id` or `$schema`, each `$defs` entry hoisted to a component of its
 * own, every `$ref` local (`#/components/schemas/...`). A schema's own `$id` and `#/$defs/...`
 * references resolve in ajv, but openapi-typescript, @hey-api and redocly resolve `#` against the
 * OpenAPI document, not the schema, and fail on them.
 */

/** A schema file and the component it becomes; `prefix` names its `$defs` entries that another schema's entry already named differently. */
interface SchemaSource {
  name: string;
  prefix: string;
  schema: JsonSchema;
}

type JsonSchema = { [key: string]: unknown };

const DOMAIN_SCHEMAS: readonly SchemaSource[] = [
  { name: 'CanonicalDeclaration', prefix: 'Declaration', schema: canonicalSchema },
  { name: 'Venue', prefix: 'Venue', schema: venueSchema },
  { name: 'Stay', prefix: 'Checkin', schema: checkinSchema },
  { name: 'ExposureNotice', prefix: 'Notice', schema: noticeSchema },
  { name: 'TracingQuery', prefix: 'Tracing', schema: tracingSchema },
];

/** `smartcity-hanoi`'s platform `smartcity` → `NativeSmartcity`. */
export function nativeComponentName(platform: string): string {
  return `Native${platform
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;
}

/** Every platform of the registry, its native record schema (schemas/native-<platform>.schema.json). */
function nativeSchemas(): SchemaSource[] {
  return PLATFORMS.map((p) => ({
    name: nativeComponentName(p.platform),
    prefix: nativeComponentName(p.platform),
    schema: p.nativeSchema as JsonSchema,
  }));
}

/** The body of POST /v1/sources/{instance}/declarations: one record in the format of the instance's platform. */
const NATIVE_DECLARATION = 'NativeDeclaration';

/**
 * The generated components, in order: each domain schema and its hoisted `$defs`, each platform's
 * native schema, and the union an ingest body is. `reserved` are the hand-written components: a
 * generated name may not take one.
 */
export function generatedComponents(reserved: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sources = [...DOMAIN_SCHEMAS, ...nativeSchemas()];
  const claim = (name: string, schema: unknown, from: string): void => {
    if (reserved.has(name)) throw new Error(`${from}: component ${name} is also written by hand in the contract`);
    if (name in out) throw new Error(`${from}: component ${name} is generated twice`);
    out[name] = schema;
  };
  // Root names first, so that a `$defs` entry of another schema never takes one (canonical's Venue is not the venue schema).
  const roots = new Set(sources.map((s) => s.name));
  const hoisted: { name: string; source: SchemaSource; schema: JsonSchema }[] = [];
  const defNames = new Map<SchemaSource, Map<string, string>>();
  for (const source of sources) {
    const names = new Map<string, string>();
    for (const [def, schema] of Object.entries((source.schema.$defs ?? {}) as Record<string, JsonSchema>)) {
      const same = hoisted.find((h) => h.name === def && sameButDescription(h.schema, schema));
      const name = same || (!roots.has(def) && !hoisted.some((h) => h.name === def)) ? def : source.prefix + def;
      names.set(def, name);
      if (!same) hoisted.push({ name, source, schema });
    }
    defNames.set(source, names);
  }
  for (const source of sources) {
    const { $defs: _defs, $id: _id, $schema: _schema, ...root } = source.schema;
    claim(source.name, localRefs(root, source, defNames.get(source)!), source.name);
    for (const h of hoisted.filter((entry) => entry.source === source))
      claim(h.name, localRefs(h.schema, source, defNames.get(source)!), `${source.name}/$defs`);
  }
  claim(
    NATIVE_DECLARATION,
    {
      description:
        "One record in the format of the instance's platform (the instance names it: `ncovi`, `tokhaiyte`, `smartcity-hanoi` is `smartcity`, ...). The platforms' schemas overlap, so the gateway reads the record with the instance's own schema, never by trying each.",
      anyOf: PLATFORMS.map((p) => ({ $ref: `#/components/schemas/${nativeComponentName(p.platform)}` })),
    },
    NATIVE_DECLARATION,
  );
  return out;
}

/**
 * The components the contract uses, directly or through one another: a `$defs` entry only the
 * gateway's storage uses (StoredStay, StoredTracingQuery) is no part of the API.
 */
function referencedFrom(document: unknown, components: Record<string, unknown>): Record<string, unknown> {
  const used = new Set<string>();
  const follow = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(follow);
    else if (node !== null && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        const name = key === '$ref' && typeof value === 'string' ? /^#\/components\/schemas\/([^/]+)/.exec(value)?.[1] : undefined;
        if (name && name in components && !used.has(name)) {
          used.add(name);
          follow(components[name]);
        } else follow(value);
      }
  };
  follow(document);
  return Object.fromEntries(Object.entries(components).filter(([name]) => used.has(name)));
}

/** Two `$defs` entries that say the same thing (one of them may explain it): one component. */
function sameButDescription(a: JsonSchema, b: JsonSchema): boolean {
  const { description: _a, ...restA } = a;
  const { description: _b, ...restB } = b;
  return isDeepStrictEqual(restA, restB);
}

/** A schema's own references (`#`, `#/$defs/X/...`, `#/properties/...`) as references into the document's components. */
function localRefs(schema: unknown, source: SchemaSource, names: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => localRefs(item, source, names));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') out[key] = componentRef(value, source, names);
    else out[key] = localRefs(value, source, names);
  }
  return out;
}

function componentRef(ref: string, source: SchemaSource, names: ReadonlyMap<string, string>): string {
  if (!ref.startsWith('#')) throw new Error(`${source.name}: only references within the schema are bundled, not ${ref}`);
  const def = /^#\/\$defs\/([^/]+)(\/.*)?$/.exec(ref);
  if (def) {
    const name = names.get(def[1] as string);
    if (!name) throw new Error(`${source.name}: ${ref} names no $defs entry`);
    return `#/components/schemas/${name}${def[2] ?? ''}`;
  }
  return `#/components/schemas/${source.name}${ref.slice(1)}`;
}

/** The line after which contracts/gateway.openapi.yaml is generated, to its end (components/schemas is its last section). */
export const GENERATED_MARKER =
  "    # Generated from schemas/*.json and the registry's platforms by `npm run gen:contract`: edit those, never below this line.";

/** The contract's text with its generated part written anew from schemas/ (the same text when nothing changed). */
export function withGeneratedSchemas(text: string): string {
  const at = text.indexOf(`${GENERATED_MARKER}\n`);
  if (at < 0) throw new Error('contracts/gateway.openapi.yaml: the generated-part marker is missing');
  const handWritten = text.slice(0, at);
  const document = parse(handWritten) as { components: { schemas: Record<string, unknown> } };
  const reserved = new Set(Object.keys(document.components.schemas));
  const generated = new Document(referencedFrom(document, generatedComponents(reserved)));
  // A list of plain values on one line (`required: [id, profile]`), as the hand-written part writes them.
  visit(generated, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  const body = generated
    .toString({ lineWidth: 0, indent: 2, flowCollectionPadding: false })
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return `${handWritten}${GENERATED_MARKER}\n${body}\n`;
}
