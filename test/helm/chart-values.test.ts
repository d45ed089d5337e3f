import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { createAdapterRegistry } from '../../adapters';
import { CHART, readChartYaml, valuesFor } from './chart';

describe("the Helm chart's values", () => {
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')));
  const ciFiles = readdirSync(join(CHART, 'ci'));
  const errors = () => JSON.stringify(validate.errors);

  it('are accepted by their own schema for every ci permutation', () => {
    for (const file of ciFiles) assert.ok(validate(valuesFor(file)), `${file}: ${errors()}`);
  });

  it('are refused as they come, without an adapter instance or an identity provider: an install must name them', () => {
    assert.equal(validate(readChartYaml('values.yaml')), false);
    const paths = validate.errors?.map((e) => e.instancePath) ?? [];
    assert.ok(paths.includes('/instances'), errors());
    assert.ok(paths.includes('/gateway/auth'), errors());
  });

  it('refuse an empty list of instances (minItems 1)', () => {
    assert.equal(validate(valuesFor('default-values.yaml', { instances: [] })), false);
    assert.deepEqual(
      validate.errors?.map((e) => [e.instancePath, e.keyword]),
      [['/instances', 'minItems']],
    );
  });

  it('configure adapter instances the gateway accepts', () => {
    for (const file of ciFiles) createAdapterRegistry(valuesFor(file).instances);
  });

  it('refuse platform credentials in the instances: they belong in secrets.instanceCredentials', () => {
    const values = valuesFor('default-values.yaml', { instances: [{ name: 'tokhaiyte', platform: 'tokhaiyte', baseUrl: 'https://tkyt.internal', writers: [], credentials: { apiKey: 'x' } }] });
    assert.equal(validate(values), false);
    assert.deepEqual(validate.errors?.map((e) => [e.instancePath, e.keyword]), [['/instances/0/credentials', 'not']]);
  });

  it('refuse an instance that names no writers, as the production entry does', () => {
    const values = valuesFor('default-values.yaml', { instances: [{ name: 'c06', platform: 'c06', baseUrl: 'https://c06.internal' }] });
    assert.equal(validate(values), false);
    assert.deepEqual(validate.errors?.map((e) => [e.instancePath, e.params]), [['/instances/0', { missingProperty: 'writers' }]]);
  });

  it("refuse the sandbox's shared token secret, which production refuses too", () => {
    assert.equal(validate(valuesFor('default-values.yaml', { secrets: { authJwtSecret: 'a-shared-secret-of-at-least-32-characters' } })), false);
  });

  it('take one identity provider, by https URL or as the key set itself, never both', () => {
    const jwks = '{"keys":[]}';
    assert.equal(validate(valuesFor('default-values.yaml', { gateway: { auth: { jwks } } })), false, 'both');
    assert.equal(validate(valuesFor('default-values.yaml', { gateway: { auth: { jwksUrl: 'http://sso.internal/certs' } } })), false, 'http');
    assert.ok(validate(valuesFor('default-values.yaml', { gateway: { auth: { jwksUrl: '', jwks } } })), errors());
  });

  it('refuse a drain deadline the gateway refuses, and CORS for any origin', () => {
    assert.equal(validate(valuesFor('default-values.yaml', { gateway: { shutdownDrainMs: 500 } })), false);
    assert.equal(validate(valuesFor('default-values.yaml', { gateway: { corsOrigins: ['*'] } })), false);
  });

  it('run pods as non-root on a read-only root filesystem, whatever is set', () => {
    assert.equal(validate(valuesFor('default-values.yaml', { podSecurityContext: { runAsNonRoot: false } })), false);
    assert.equal(validate(valuesFor('default-values.yaml', { securityContext: { readOnlyRootFilesystem: false } })), false);
  });
});
