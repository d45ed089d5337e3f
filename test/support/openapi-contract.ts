import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadOpenApiDocument } from '../../gateway/http/openapi-document';

/**
 * Checks responses against contracts/gateway.openapi.yaml: the status must be documented for the
 * route and method, and the body must match the documented schema for its media type.
 */
const document = loadOpenApiDocument();
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema({ ...document, $id: 'openapi' }, 'openapi');

const validators = new Map<string, ReturnType<typeof ajv.compile> | null>();

/** The documented route a concrete path belongs to (`/v1/citizens/cit_x` -> `/v1/citizens/{citizenId}`). */
function routeOf(path: string): string {
  const bare = path.split('?')[0] as string;
  if (document.paths[bare]) return bare;
  for (const template of Object.keys(document.paths)) {
    const pattern = new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(bare)) return template;
  }
  throw new Error(`${path} is not a documented route`);
}

export function checkAgainstContract(method: string, path: string, status: number, contentType: string, body: unknown): void {
  const route = routeOf(path);
  const operation = document.paths[route][method.toLowerCase()];
  assert.ok(operation, `${method} ${route} is not documented`);
  let response = operation.responses[String(status)];
  assert.ok(response, `${method} ${route} answered ${status}, which the OpenAPI document does not list`);
  if (response.$ref) response = document.components.responses[response.$ref.split('/').pop()];
  const mediaType = contentType.split(';')[0]?.trim() ?? '';
  const content = response.content?.[mediaType];
  assert.ok(content, `${method} ${route} ${status} answered ${mediaType}, not documented`);
  if (mediaType === 'application/x-ndjson') {
    for (const line of String(body).trim().split('\n'))
      validate(`${route}|${method}|${status}|${mediaType}`, content.schema, JSON.parse(line), route);
  } else if (mediaType.includes('json')) {
    validate(`${route}|${method}|${status}|${mediaType}`, content.schema, body, route);
  }
}

function validate(cacheKey: string, schema: object, value: unknown, route: string): void {
  let validator = validators.get(cacheKey);
  if (validator === undefined) {
    validator = ajv.compile(resolveLocalRefs(schema));
    validators.set(cacheKey, validator);
  }
  assert.ok(
    validator!(value),
    `${route}: response does not match the contract: ${ajv.errorsText(validator!.errors)}\n${JSON.stringify(value).slice(0, 500)}`,
  );
}

/** `#/components/...` inside an operation means the OpenAPI document's own components. */
function resolveLocalRefs(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\/components/g, '"$ref":"openapi#/components'));
}
