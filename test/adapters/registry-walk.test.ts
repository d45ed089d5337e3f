import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDENTIFIER_SYSTEMS, PLATFORMS, type PlatformDefinition } from '../../adapters';
import { SIMULATORS, type SimulatorDefinition } from '../../adapters/simulators';

const ROOT = join(__dirname, '..', '..');
const BREAKER_FIELDS = [
  'timeoutMs',
  'errorThresholdPercentage',
  'volumeThreshold',
  'resetTimeoutMs',
  'capacity',
  'rollingWindowMs',
] as const;
/** The scan's default budget (VERIFY_DEADLINE_MS): a platform's timeout must leave room inside it. */
const SCAN_DEADLINE_MS = 800;

const jsonFiles = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []);

/**
 * Everything a platform of the registry must bring, as findings (empty when it has it all): its
 * folder with the fixed file roles, its native schema, breaker defaults that fit a scan, at least
 * one instance, golden pairs accepted and refused for each of them, a client test, and a simulator.
 */
function missingFor(platform: PlatformDefinition, simulators: Readonly<Record<string, SimulatorDefinition | undefined>>): string[] {
  const name = platform.platform;
  const findings: string[] = [];
  for (const role of ['mapper', 'qr', 'client', 'adapter']) {
    if (!existsSync(join(ROOT, 'adapters', name, `${name}-${role}.ts`))) findings.push(`adapters/${name}/${name}-${role}.ts`);
  }
  const schemaFile = join(ROOT, 'schemas', `native-${name}.schema.json`);
  if (!existsSync(schemaFile)) findings.push(`schemas/native-${name}.schema.json`);
  else if (JSON.stringify(JSON.parse(readFileSync(schemaFile, 'utf8'))) !== JSON.stringify(platform.nativeSchema))
    findings.push(`nativeSchema is not schemas/native-${name}.schema.json`);

  const breaker = (platform.breaker ?? {}) as Partial<Record<(typeof BREAKER_FIELDS)[number], unknown>>;
  for (const field of BREAKER_FIELDS) {
    const value = breaker[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) findings.push(`breaker.${field}`);
  }
  if (typeof breaker.timeoutMs === 'number' && breaker.timeoutMs >= SCAN_DEADLINE_MS)
    findings.push(`breaker.timeoutMs ${breaker.timeoutMs} leaves no room in a scan's ${SCAN_DEADLINE_MS} ms`);
  if (typeof breaker.errorThresholdPercentage === 'number' && breaker.errorThresholdPercentage > 100)
    findings.push('breaker.errorThresholdPercentage over 100');

  if ((platform.defaultInstances ?? []).length === 0) findings.push('defaultInstances');
  for (const { name: instance } of platform.defaultInstances ?? []) {
    for (const outcome of ['accepted', 'refused']) {
      if (jsonFiles(join(ROOT, 'contracts', 'platforms', instance, outcome)).length === 0)
        findings.push(`contracts/platforms/${instance}/${outcome}/*.json`);
    }
  }
  if (!existsSync(join(ROOT, 'test', 'adapters', 'clients', `${name}-client.test.ts`)))
    findings.push(`test/adapters/clients/${name}-client.test.ts`);
  const simulator = simulators[name];
  if (!simulator) findings.push(`a simulator in adapters/simulators.ts`);
  else if (!(simulator.share > 0 && simulator.share <= 1)) findings.push('simulator share');
  return findings;
}

describe('the registry, walked platform by platform', () => {
  for (const platform of PLATFORMS) {
    it(`${platform.platform} brings its folder, native schema, breaker defaults, instances, golden pairs, client test and simulator`, () => {
      assert.deepEqual(missingFor(platform, SIMULATORS), []);
    });
  }

  it('finds what a platform left out (the walk can fail)', () => {
    const bare = {
      platform: 'vneid',
      nativeSchema: {},
      identifiers: [],
      defaultInstances: [{ name: 'vneid' }],
      breaker: { timeoutMs: 900 },
    } as unknown as PlatformDefinition;
    const findings = missingFor(bare, SIMULATORS);
    for (const expected of [
      'adapters/vneid/vneid-mapper.ts',
      'schemas/native-vneid.schema.json',
      'breaker.capacity',
      "breaker.timeoutMs 900 leaves no room in a scan's 800 ms",
      'contracts/platforms/vneid/accepted/*.json',
      'test/adapters/clients/vneid-client.test.ts',
      'a simulator in adapters/simulators.ts',
    ]) {
      assert.ok(findings.includes(expected), `${expected} in ${JSON.stringify(findings)}`);
    }
  });

  it('gives every platform identifier system to one platform only, never a document or the phone', () => {
    const own = PLATFORMS.flatMap((p) => p.identifiers.map((id) => id.system));
    assert.equal(new Set(own).size, own.length);
    for (const system of own) assert.equal(IDENTIFIER_SYSTEMS.entries.find((e) => e.system === system)?.kind, 'platform', system);
  });

  it('names every instance once across platforms', () => {
    const names = PLATFORMS.flatMap((p) => p.defaultInstances.map((i) => i.name));
    assert.equal(new Set(names).size, names.length);
  });
});
