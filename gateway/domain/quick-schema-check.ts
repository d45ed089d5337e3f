import Ajv2020 from 'ajv/dist/2020';
import { addGatewayFormats } from './schema-compiler';

/**
 * A check that is quicker than a schema's validator and never says yes where the validator says no:
 * for what the gateway writes itself (a mapped declaration), which is valid unless the gateway has
 * a defect. `true` means valid; `false` means "ask the validator", which decides and says why.
 *
 * Where the time goes (profile of bench:mapping): the canonical check's nested validators each take
 * a destructured options object per call, and every maxLength counts a string's code points
 * (ajv's ucs2length, a loop over every character). Here the schema's local `$ref`s are inlined
 * (one function), and ajv's `unicode: false` compares maxLength and minLength with `.length`, in
 * UTF-16 units: a string within a maxLength in units is within it in code points (a pair is two
 * units, one point), never the reverse, so this check is as strict or stricter there. minLength
 * is refused by the compilation when above 1, where units would be laxer than code points.
 * Formats, patterns and everything else are the validator's own.
 */
export function compileQuickCheck(schema: object): (data: unknown) => boolean {
  // Without its $id: nothing is left to resolve against it, and the same schema may be compiled again.
  const { $id: _id, ...inlined } = inlineLocalRefs(schema) as Record<string, unknown>;
  const validate = quickAjv.compile(inlined);
  return (data) => validate(data) === true;
}

// logger off: ajv warns that `unicode` is deprecated (it means the ucs2length counting, which this instance must not do).
const quickAjv = new Ajv2020({
  allErrors: false,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  unicode: false,
  logger: false,
});
addGatewayFormats(quickAjv);

/** Keywords whose value is a schema, or a map or list of schemas: where `$ref`s are looked for. */
const SCHEMA_VALUED = new Set([
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
]);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/** What a `$ref`'s siblings may be while it is replaced by its target alone: annotations. */
const ANNOTATIONS = new Set(['description', 'title', '$comment', 'examples', 'deprecated']);

/** `schema` with every `{"$ref": "#/$defs/Name"}` replaced by its definition; any other `$ref`, or a cycle, throws. */
export function inlineLocalRefs(schema: object): object {
  const root = schema as { $defs?: Record<string, object>; $id?: string };
  const defs = root.$defs ?? {};
  const inline = (node: unknown, path: readonly string[]): unknown => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
    const source = node as Record<string, unknown>;
    if (typeof source.$ref === 'string') {
      const name = /^#\/\$defs\/([A-Za-z0-9_-]+)$/.exec(source.$ref)?.[1];
      const target = name === undefined ? undefined : defs[name];
      if (name === undefined || target === undefined) throw new Error(`inlineLocalRefs: ${source.$ref} is not a local definition`);
      if (path.includes(name)) throw new Error(`inlineLocalRefs: ${name} refers to itself`);
      const siblings = Object.keys(source).filter((key) => key !== '$ref');
      const inlined = inline(target, [...path, name]);
      if (siblings.every((key) => ANNOTATIONS.has(key))) return inlined;
      const rest = inlineMembers({ ...source, $ref: undefined }, path);
      return { ...rest, allOf: [...((rest.allOf as unknown[] | undefined) ?? []), inlined] };
    }
    return inlineMembers(source, path);
  };
  const inlineMembers = (source: Record<string, unknown>, path: readonly string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined || key === '$defs') continue;
      if (key === 'minLength' && typeof value === 'number' && value > 1)
        throw new Error('compileQuickCheck: a minLength above 1 would be laxer in UTF-16 units');
      if (SCHEMA_VALUED.has(key)) out[key] = inline(value, path);
      else if (SCHEMA_MAPS.has(key))
        out[key] = Object.fromEntries(Object.entries(value as object).map(([name, member]) => [name, inline(member, path)]));
      else if (SCHEMA_LISTS.has(key)) out[key] = (value as unknown[]).map((member) => inline(member, path));
      else out[key] = value;
    }
    return out;
  };
  return inline(schema, []) as object;
}
