import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { checkInstances, type InstanceConfig } from '../../adapters';
import { parseDockerfile } from '../support/dockerfile-steps';
import { requireProgram } from '../support/tools';

const ROOT = join(__dirname, '..', '..');

interface Service {
  image?: string;
  command?: string | string[];
  environment?: Record<string, string>;
  volumes?: (string | { type: string; source: string; target: string })[];
  stop_grace_period?: string;
}

/** A bind mount's host path and its path in the container, short or long syntax. */
function binds(service: Service): { source: string; target: string }[] {
  return (service.volumes ?? []).flatMap((volume) => {
    if (typeof volume !== 'string') return volume.type === 'bind' ? [{ source: volume.source, target: volume.target }] : [];
    const [source = '', target = ''] = volume.split(':');
    return source.startsWith('.') || source.startsWith('/') ? [{ source, target }] : [];
  });
}

/**
 * compose.yaml cannot be run here (no container engine): its parts are checked against each other
 * and against the image, so that a renamed service, port, key or drain deadline fails here first.
 */
describe('the compose stack: two gateways behind one port, Redis with AOF, Prometheus scraping both', () => {
  const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8')) as { services: Record<string, Service> };
  const image = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).at(-1)!;
  const gateways = Object.entries(compose.services).filter(([, s]) => s.image === 'vnhc-gateway:local' && !s.command);
  const gatewayAddresses = gateways.map(([name]) => `${name}:${image.env.PORT}`).sort();
  /** Each gateway's operators' listener (OPS_PORT), where its metrics are. */
  const opsAddresses = gateways.map(([name, s]) => `${name}:${s.environment?.OPS_PORT}`).sort();

  it('runs two gateway processes of the image, in production mode, on Redis, stopped only after their drain', () => {
    assert.equal(gateways.length, 2);
    for (const [, gateway] of gateways) {
      const env = gateway.environment ?? {};
      assert.equal(env.NODE_ENV, 'production');
      assert.match(env.OPS_PORT ?? '', /^\d+$/, 'metrics and the dashboard on a port of their own');
      assert.notEqual(env.OPS_PORT, image.env.PORT);
      assert.match(env.REDIS_URL ?? '', /^redis:\/\/redis:6379$/);
      assert.match(env.REDIS_KEY_SECRET ?? '', /^\$\{REDIS_KEY_SECRET:\?/, 'the secret comes from the environment, never a default');
      assert.ok(env.AUTH_ISSUER && env.AUTH_AUDIENCE, 'the issuer and audience named, as production requires');
      const drainSeconds = Number(env.SHUTDOWN_DRAIN_MS) / 1000;
      assert.ok(Number.parseInt(gateway.stop_grace_period ?? '10s', 10) > drainSeconds, 'compose kills only after the drain deadline');
    }
  });

  it('signs QR codes with the key its one-shot service makes, readable by the image user alone', () => {
    const script = [compose.services['qr-keys']?.command ?? ''].flat().join(' ');
    const kid = /\/keys\/([\w-]+)\.pem/.exec(script)?.[1];
    for (const [, gateway] of gateways) assert.equal(gateway.environment?.QR_ACTIVE_KID, kid);
    assert.match(script, new RegExp(`chownSync\\(file, ${image.user}, ${image.user}\\)`));
  });

  it('keeps every Redis write in the append-only file', () => {
    const command = [compose.services.redis?.command ?? ''].flat().join(' ');
    assert.match(command, /--appendonly yes/);
  });

  it('puts exactly the gateways behind the one port nginx listens on', () => {
    const nginx = readFileSync(join(ROOT, 'compose', 'nginx.conf'), 'utf8');
    const upstream = [...nginx.matchAll(/^\s*server\s+([\w.-]+:\d+)/gm)].map((m) => m[1]).sort();
    assert.deepEqual(upstream, gatewayAddresses);
    assert.ok(!opsAddresses.some((address) => nginx.includes(address)), 'nginx proxies no operators’ port');
    assert.match(compose.services.proxy?.volumes?.join(' ') ?? '', /compose\/nginx\.conf:\/etc\/nginx\/nginx\.conf/);
  });

  it('has Prometheus scrape each gateway on its operators’ port with the chart’s alert rules, a configuration promtool accepts', function () {
    requireProgram(this, 'promtool', 'prometheus');
    const prometheus = compose.services.prometheus as Service;
    // The container's files, where compose mounts them, under a folder of the test's own.
    const root = mkdtempSync(join(tmpdir(), 'compose-prometheus-'));
    for (const { source, target } of binds(prometheus)) {
      mkdirSync(join(root, dirname(target)), { recursive: true });
      cpSync(join(ROOT, source), join(root, target));
    }
    const config = parse(readFileSync(join(root, 'etc/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = config.scrape_configs.flatMap((job) => job.static_configs.flatMap((s) => s.targets)).sort();
    assert.deepEqual(targets, opsAddresses, 'each gateway scraped on its operators’ port');
    assert.match(config.scrape_configs[0]!.job_name, /gateway/, 'the alert rules select jobs named like .*gateway.*');
    const check = spawnSync('promtool', ['check', 'config', join(root, 'etc/prometheus/prometheus.yml')], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout + check.stderr, /SUCCESS: 1 rule files found/);
  });

  it('mounts files that exist, and platform instances production accepts', () => {
    for (const service of Object.values(compose.services)) {
      for (const { source } of binds(service)) if (!source.startsWith('$')) assert.ok(existsSync(join(ROOT, source)), source);
    }
    const instances = JSON.parse(readFileSync(join(ROOT, 'compose', 'instances.json'), 'utf8')) as InstanceConfig[];
    checkInstances(instances);
    assert.deepEqual(
      instances.filter((i) => !i.baseUrl || !i.writers),
      [],
    );
  });
});
