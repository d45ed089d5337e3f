import assert from 'node:assert/strict';
import { createAdapterRegistry, DEFAULT_FUTURE_SKEW_MS, DEFAULT_INSTANCES, type InstanceConfig } from '../../adapters';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadInstances } from '../../gateway/config';
import { goldenNative } from '../support/mapping';

describe('the adapter registry', () => {
  it("runs every platform's default instances when configuration names none: the eight of 2021 first, in order", () => {
    const names = createAdapterRegistry()
      .list()
      .map((i) => i.name);
    assert.deepEqual(
      names,
      DEFAULT_INSTANCES.map((i) => i.name),
    );
    assert.deepEqual(names.slice(0, 8), [
      'tokhaiyte',
      'ncovi',
      'bluezone',
      'zalo',
      'c06',
      'smartcity-hanoi',
      'smartcity-binhduong',
      'smartcity-haiphong',
    ]);
  });

  it('adds a fourth SmartCity city from configuration alone: its province, its QR codes', () => {
    const danang: InstanceConfig = { name: 'smartcity-danang', platform: 'smartcity', city: 'danang', provinceCode: '48' };
    const registry = createAdapterRegistry([...DEFAULT_INSTANCES, danang]);
    const result = registry
      .get('smartcity-danang')!
      .toCanonical({ ...goldenNative('smartcity-hanoi', '01'), reportId: 'DN-2021-0720-00001' }, '2021-07-20T08:31:00+07:00');
    assert.ok(result.ok);
    assert.equal(result.declaration.subject.address?.provinceCode, '48');
    assert.equal(result.declaration.source.instance, 'smartcity-danang');
    assert.deepEqual(registry.recognizeQr('SC:danang:DN-2021-0720-00001'), {
      instance: 'smartcity-danang',
      recordId: 'DN-2021-0720-00001',
    });
  });

  it('refuses at start a configuration with an unknown platform, naming the entry, as a configuration error', () => {
    assert.throws(
      () => createAdapterRegistry([{ name: 'vneid', platform: 'vneid' as never }]),
      (e: Error) => e instanceof ConfigError && /\/0\/platform/.test(e.message),
    );
  });

  it('refuses a bad instances file while reading the configuration, naming ADAPTER_INSTANCES_FILE and the entry', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'instances-')), 'instances.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'tokhaiyte', platform: 'tokhaiyte' },
        { name: 'tokhaiyte', platform: 'ncovi' },
      ]),
    );
    assert.throws(
      () => loadInstances({ ADAPTER_INSTANCES_FILE: file }),
      (e: Error) => e instanceof ConfigError && /^ADAPTER_INSTANCES_FILE: \/1\/name "tokhaiyte" is used twice/.test(e.message),
    );
    writeFileSync(file, JSON.stringify([{ name: 'vneid', platform: 'vneid' }]));
    assert.throws(
      () => loadInstances({ ADAPTER_INSTANCES_FILE: file }),
      (e: Error) => e instanceof ConfigError && /^ADAPTER_INSTANCES_FILE: \/0\/platform/.test(e.message),
    );
  });

  it('refuses a SmartCity instance without its city or province, and a repeated name', () => {
    assert.throws(() => createAdapterRegistry([{ name: 'smartcity-hue', platform: 'smartcity', city: 'hue' }]), /provinceCode/);
    assert.throws(
      () => createAdapterRegistry([{ name: 'smartcity-hue', platform: 'smartcity', city: 'hue', provinceCode: '99' }]),
      /not a province code/,
    );
    assert.throws(
      () => createAdapterRegistry([DEFAULT_INSTANCES[0]!, DEFAULT_INSTANCES[0]!]),
      (e: Error) => e instanceof ConfigError && /used twice/.test(e.message),
    );
  });

  it('maps the same record to different declaration ids on different instances', () => {
    const registry = createAdapterRegistry();
    const record = { ...goldenNative('smartcity-hanoi', '01') };
    const hanoi = registry.get('smartcity-hanoi')!.toCanonical(record, '2021-07-20T08:31:00+07:00');
    const haiphong = registry.get('smartcity-haiphong')!.toCanonical(record, '2021-07-20T08:31:00+07:00');
    assert.ok(hanoi.ok && haiphong.ok);
    assert.notEqual(hanoi.declaration.declarationId, haiphong.declaration.declarationId);
  });

  describe("the clock skew a record's time may have past its arrival", () => {
    const passage = { ...goldenNative('c06', '01'), thoiGian: '2021-08-15T07:46:00+07:00' }; // one minute after its arrival
    const receivedAt = '2021-08-15T07:45:00+07:00';

    it('is five minutes by default', () => {
      assert.equal(DEFAULT_FUTURE_SKEW_MS, 5 * 60 * 1000);
      assert.equal(createAdapterRegistry().futureSkewMs, DEFAULT_FUTURE_SKEW_MS);
      assert.equal(createAdapterRegistry().get('c06')!.toCanonical(passage, receivedAt).ok, true);
    });

    it('is set for every instance by createAdapterRegistry(instances, { futureSkewMs })', () => {
      const strict = createAdapterRegistry(DEFAULT_INSTANCES, { futureSkewMs: 30_000 });
      assert.equal(strict.futureSkewMs, 30_000);
      const result = strict.get('c06')!.toCanonical(passage, receivedAt);
      assert.ok(!result.ok);
      assert.deepEqual(
        result.reasons.map((r) => [r.pointer, r.code]),
        [['/thoiGian', 'invalid-date']],
      );
      assert.match(result.reasons[0]!.message, /30 seconds of clock skew/);
    });

    it('may be set for one call of toCanonical', () => {
      assert.equal(createAdapterRegistry().get('c06')!.toCanonical(passage, receivedAt, { futureSkewMs: 0 }).ok, false);
    });

    it('is refused at start when negative, fractional, not a number, or more than a day', () => {
      for (const futureSkewMs of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 24 * 3600 * 1000 + 1]) {
        assert.throws(() => createAdapterRegistry(DEFAULT_INSTANCES, { futureSkewMs }), /futureSkewMs/, String(futureSkewMs));
      }
    });
  });
});
