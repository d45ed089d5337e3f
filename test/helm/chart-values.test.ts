import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { createAdapterRegistry } from '../../adapters';

const CHART = join(__dirname, '..', '..', 'helm', 'vnhc-gateway');
const read = (file: string) => parse(readFileSync(join(CHART, file), 'utf8'));
/** Helm merges a ci values file over values.yaml, one level of maps deep enough for these files. */
const merged = (file: string) => {
  const base = read('values.yaml');
  const over = read(file);
  for (const [key, value] of Object.entries(over)) base[key] = value && typeof value === 'object' && !Array.isArray(value) ? { ...base[key], ...value } : value;
  return base;
};

describe('the Helm chart', () => {
  const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')));

  it('has values that its own schema accepts, for the defaults and every ci permutation', () => {
    assert.ok(validate(read('values.yaml')), JSON.stringify(validate.errors));
    for (const file of readdirSync(join(CHART, 'ci'))) assert.ok(validate(merged(`ci/${file}`)), `${file}: ${JSON.stringify(validate.errors)}`);
  });

  it('configures adapter instances the gateway accepts', () => {
    for (const file of readdirSync(join(CHART, 'ci'))) createAdapterRegistry(merged(`ci/${file}`).instances);
  });

  it('runs pods as non-root on a read-only root filesystem, and uses current API versions', () => {
    const values = read('values.yaml');
    assert.equal(values.podSecurityContext.runAsNonRoot, true);
    assert.equal(values.securityContext.readOnlyRootFilesystem, true);
    const templates = readdirSync(join(CHART, 'templates')).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(CHART, 'templates', f), 'utf8')).join('\n');
    assert.match(templates, /autoscaling\/v2\n/);
    assert.match(templates, /policy\/v1\n/);
    assert.doesNotMatch(templates, /autoscaling\/v2beta|policy\/v1beta1|extensions\/v1beta1/);
  });

  it('refuses platform credentials in values: they belong in the Secret', () => {
    const values = { ...read('values.yaml'), instances: [{ name: 'tokhaiyte', platform: 'tokhaiyte', credentials: { apiKey: 'x' } }] };
    assert.equal(validate(values), false);
  });
});
