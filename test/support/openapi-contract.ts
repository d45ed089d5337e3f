import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadOpenApiDocument } from '../../gateway/http/openapi-document';

/**
 * Checks responses against contracts/gateway.openapi.yaml: the status must be documented for the
 * route and method, the body must match the documented schema for its media type, and, when the
 * caller passes the headers, every header the response declares required must be there
 * (`WWW-Authenticate` on a 401, `Retry-After` on a 429 or a 503).
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

/**
 * A documented path asked with a method it does not take is a 405 problem (info.description says
 * so: OpenAPI has no place for the methods a path does not have). A CORS preflight (OPTIONS
 * answered 2xx) is no API operation.
 */
const METHOD_NOT_ALLOWED = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };

export function checkAgainstContract(
  method: string,
  path: string,
  status: number,
  contentType: string,
  body: unknown,
  headers?: Headers,
): void {
  const route = routeOf(path);
  const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  const operation = document.paths[route][verb];
  if (!operation && verb === 'options' && status >= 200 && status < 300) return;
  if (!operation && status === 405) return checkResponse(method, route, status, contentType, body, METHOD_NOT_ALLOWED, headers);
  assert.ok(operation, `${method} ${route} is not documented`);
  const response = resolved(operation.responses[String(status)]);
  assert.ok(response, `${method} ${route} answered ${status}, which the OpenAPI document does not list`);
  checkResponse(method, route, status, contentType, method.toLowerCase() === 'head' ? undefined : body, response, headers);
}

function checkResponse(
  method: string,
  route: string,
  status: number,
  contentType: string,
  body: unknown,
  response: { content?: Record<string, { schema: object }>; headers?: Record<string, any> },
  headers: Headers | undefined,
): void {
  if (headers)
    for (const [name, header] of Object.entries(response.headers ?? {}))
      if (resolved(header).required)
        assert.ok(headers.has(name), `${method} ${route} ${status} has no ${name} header, which the contract requires`);
  // No body (a 304, a HEAD): nothing more to check.
  if (!response.content || body === undefined || (body === '' && !contentType)) return;
  const mediaType = contentType.split(';')[0]?.trim() ?? '';
  const content = response.content[mediaType];
  assert.ok(content, `${method} ${route} ${status} answered ${mediaType}, not documented`);
  if (mediaType === 'application/x-ndjson') {
    for (const line of String(body).trim().split('\n'))
      validate(`${route}|${method}|${status}|${mediaType}`, content.schema, JSON.parse(line), route);
  } else if (mediaType.includes('json')) {
    validate(`${route}|${method}|${status}|${mediaType}`, content.schema, body, route);
  }
}

/** A response or header object, through its `$ref` into the components when it has one. */
function resolved(value: any): any {
  if (!value?.$ref) return value;
  const [section, name] = (value.$ref as string).replace('#/components/', '').split('/') as [string, string];
  return document.components[section][name];
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
