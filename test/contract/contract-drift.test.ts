import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadOpenApiDocument } from '../../gateway/http/openapi-document';
import { projectPath } from '../../gateway/project-paths';
import { withGeneratedSchemas } from './contract-schemas';
import { CLIENT_FILE, CONTRACT_FILE, renderTypedClient } from './typed-client-source';

/** Every `$ref` in a document, with where it is. */
function refsOf(node: unknown, at = '#'): [string, string][] {
  if (Array.isArray(node)) return node.flatMap((item, i) => refsOf(item, `${at}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]): [string, string][] =>
    key === '$ref' && typeof value === 'string' ? [[at, value]] : refsOf(value, `${at}/${key}`),
  );
}

/** What a JSON pointer names in a document (undefined when nothing). */
function resolvePointer(document: unknown, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, part) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
      document,
    );
}

describe('contract: one source of truth, and a document any tool reads', function () {
  this.timeout(30000);

  it('holds the schemas of schemas/ as they are now (npm run gen:contract writes them)', () => {
    const text = readFileSync(projectPath(CONTRACT_FILE), 'utf8');
    assert.ok(text === withGeneratedSchemas(text), `${CONTRACT_FILE} is stale: run npm run gen:contract`);
  });

  it('has a committed typed client generated from the contract as it is now (npm run gen:client writes it)', async () => {
    const committed = readFileSync(projectPath(CLIENT_FILE), 'utf8');
    assert.ok(committed === (await renderTypedClient()), `${CLIENT_FILE} is stale: run npm run gen:client`);
  });

  it('serves a document whose every reference is local and names a component, with no schema $id or $defs', () => {
    const document = loadOpenApiDocument();
    const refs = refsOf(document);
    assert.ok(refs.length > 100);
    for (const [at, ref] of refs) {
      assert.match(ref, /^#\/components\//, `${at}: ${ref} is not a local reference`);
      assert.notEqual(resolvePointer(document, ref), undefined, `${at}: ${ref} names nothing`);
    }
    const text = JSON.stringify(document);
    for (const keyword of ['"$id"', '"$defs"', '"$schema"']) assert.ok(!text.includes(keyword), `the document holds ${keyword}`);
  });

  it("types the body of a native ingest as the platforms' own schemas", () => {
    const document = loadOpenApiDocument();
    const body = document.paths['/v1/sources/{instance}/declarations'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(body, { $ref: '#/components/schemas/NativeDeclaration' });
    const platforms = document.components.schemas.NativeDeclaration.anyOf.map((r: { $ref: string }) => r.$ref.split('/').pop());
    assert.deepEqual(platforms, ['NativeTokhaiyte', 'NativeNcovi', 'NativeBluezone', 'NativeZalo', 'NativeC06', 'NativeSmartcity']);
  });
});
