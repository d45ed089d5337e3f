import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProductionConfig } from '../../gateway/config';
import { readChartYaml, render, valuesFor } from './chart';

/** The pod spec and the gateway's container of a rendering. */
const podOf = (rendered: ReturnType<typeof render>) => rendered.kind('Deployment').spec.template;
const containerOf = (rendered: ReturnType<typeof render>) => podOf(rendered).spec.containers[0];

describe('the Helm chart, rendered as helm template renders it', () => {
  const defaults = render(valuesFor('default-values.yaml'));
  const cluster = render(valuesFor('cluster-values.yaml'));

  it('renders every template of every ci permutation to Kubernetes objects of current API versions', () => {
    for (const rendered of [defaults, cluster]) {
      for (const object of rendered.objects) assert.ok(object.apiVersion && object.kind && object.metadata.name, JSON.stringify(object).slice(0, 200));
      assert.doesNotMatch(rendered.text, /autoscaling\/v2beta|policy\/v1beta1|extensions\/v1beta1/);
    }
    assert.equal(cluster.kind('HorizontalPodAutoscaler').apiVersion, 'autoscaling/v2');
    assert.equal(defaults.kind('PodDisruptionBudget').apiVersion, 'policy/v1');
  });

  it("runs the image's own command as uid 10001, non-root, read-only, with every capability dropped and /tmp an emptyDir", () => {
    const pod = podOf(defaults);
    const container = containerOf(defaults);
    assert.equal(container.image, `registry.example.vn/vnhc/gateway:${readChartYaml('Chart.yaml').appVersion}`);
    assert.equal(container.imagePullPolicy, 'IfNotPresent');
    assert.equal(container.command, undefined, 'the Dockerfile starts node dist/gateway/main.js');
    assert.deepEqual([pod.spec.securityContext.runAsNonRoot, pod.spec.securityContext.runAsUser], [true, 10001]);
    assert.deepEqual(container.securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    const tmp = container.volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/tmp');
    assert.deepEqual(pod.spec.volumes.find((v: { name: string }) => v.name === tmp.name).emptyDir, {});
  });

  it("hands the platforms' freshness window to the gateway (VERIFY_FRESHNESS_SECONDS), 30 s unless the values say", () => {
    assert.equal(defaults.kind('ConfigMap', '-env').data.VERIFY_FRESHNESS_SECONDS, '30');
  });

  it('pauses in preStop with node (no shell in the image), and gives the pod that pause, the drain and a margin to stop', () => {
    const preStop = containerOf(defaults).lifecycle.preStop.exec.command;
    assert.deepEqual(preStop, ['node', '-e', 'setTimeout(() => {}, 5000)']);
    assert.equal(defaults.kind('ConfigMap', '-env').data.SHUTDOWN_DRAIN_MS, '20000');
    assert.equal(podOf(defaults).spec.terminationGracePeriodSeconds, 5 + 20 + 5);
    // 45 s of drain (cluster-values); 20.5 s rounds up to 21.
    assert.equal(podOf(cluster).spec.terminationGracePeriodSeconds, 5 + 45 + 5);
    const odd = render(valuesFor('default-values.yaml', { gateway: { shutdownDrainMs: 20500 }, lifecycle: { preStopSeconds: 10 } }));
    assert.equal(podOf(odd).spec.terminationGracePeriodSeconds, 10 + 21 + 5);
    assert.match(containerOf(odd).lifecycle.preStop.exec.command[2], /, 10000\)$/);
  });

  it("configures production the way the gateway's production entry accepts: no shared token secret, the identity provider's keys, the credentials", () => {
    const qrKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    for (const file of ['default-values.yaml', 'cluster-values.yaml']) {
      const rendered = render(valuesFor(file, { secrets: { existingSecret: '', redisKeySecret: 'a-redis-key-name-secret-of-32-characters', qrKeysJson: JSON.stringify({ 'qr-2026': qrKey }), qrActiveKid: 'qr-2026' } }));
      assert.doesNotMatch(rendered.text, /AUTH_JWT_SECRET/, file);
      const dir = mkdtempSync(join(tmpdir(), 'chart-env-'));
      try {
        // The pod's files and environment, as the kubelet would lay them out, under a temporary folder.
        const mounted = (data: Record<string, string>) => Object.entries(data).forEach(([name, text]) => writeFileSync(join(dir, name), text));
        mounted(rendered.kind('ConfigMap').data);
        mounted(rendered.kind('Secret').stringData);
        const secrets = rendered.kind('Secret').stringData;
        const env = Object.fromEntries(
          Object.entries(rendered.kind('ConfigMap', '-env').data as Record<string, string>).map(([name, value]) => [name, value.replace(/^\/etc\/vnhc\/(config|secrets)/, dir)]),
        );
        const config = loadProductionConfig({ ...env, REDIS_KEY_SECRET: secrets.REDIS_KEY_SECRET, QR_KEYS_JSON: secrets.QR_KEYS_JSON, QR_ACTIVE_KID: secrets.QR_ACTIVE_KID });
        assert.equal(config.auth.secret, undefined, file);
        assert.ok(config.auth.jwks, file);
        if (file === 'default-values.yaml') {
          assert.deepEqual(config.instances.find((i) => i.name === 'c06')?.credentials, { apiKey: 'ci-only-not-a-real-c06-key' });
          assert.deepEqual(config.http.corsOrigins, ['https://khaibao.moh.example.vn']);
          assert.deepEqual(config.checkinsAnyVenue, ['ncovi-app', 'pc-covid-app']);
          assert.ok(config.rateLimits?.callers.get('smartcity-hanoi-importer'));
        } else {
          assert.deepEqual(config.checkinsAnyVenue, [], 'none unless named');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('mounts the Secret that carries platform credentials where ADAPTER_CREDENTIALS_FILE points', () => {
    const container = containerOf(defaults);
    const file = defaults.kind('ConfigMap', '-env').data.ADAPTER_CREDENTIALS_FILE;
    const mount = container.volumeMounts.find((m: { mountPath: string }) => file.startsWith(`${m.mountPath}/`));
    const volume = podOf(defaults).spec.volumes.find((v: { name: string }) => v.name === mount.name);
    assert.equal(volume.secret.secretName, defaults.kind('Secret').metadata.name);
    assert.deepEqual(JSON.parse(defaults.kind('Secret').stringData['instances-credentials.json']), { c06: { apiKey: 'ci-only-not-a-real-c06-key' } });
    for (const name of ['REDIS_KEY_SECRET', 'QR_KEYS_JSON', 'QR_ACTIVE_KID'])
      assert.equal(container.env.find((e: { name: string }) => e.name === name).valueFrom.secretKeyRef.name, 'vnhc-gateway');
    assert.equal(cluster.objects.filter((o) => o.kind === 'Secret').length, 0, 'existingSecret: none made');
  });

  it('refuses to render with both key sources or none', () => {
    assert.throws(() => render(valuesFor('default-values.yaml', { gateway: { auth: { jwks: '{"keys":[]}' } } })), /jwksUrl or jwks, not both/);
    assert.throws(() => render(valuesFor('default-values.yaml', { gateway: { auth: { jwksUrl: '' } } })), /gateway.auth.jwksUrl or gateway.auth.jwks/);
  });

  it('leaves CORS and per-caller limits unset unless given', () => {
    const bare = render(valuesFor('default-values.yaml', { gateway: { corsOrigins: [], rateLimits: null } }));
    const env = bare.kind('ConfigMap', '-env').data;
    assert.equal(env.CORS_ORIGINS, undefined);
    assert.equal(env.RATE_LIMITS_FILE, undefined);
    assert.equal(bare.kind('ConfigMap').data['rate-limits.json'], undefined);
  });

  it('rolls the pods when the ConfigMaps or the chart-made Secret change, and only then', () => {
    const annotations = (overrides: object) => podOf(render(valuesFor('default-values.yaml', overrides))).metadata.annotations;
    const before = annotations({});
    assert.match(before['checksum/config'], /^[0-9a-f]{64}$/);
    assert.match(before['checksum/secret'], /^[0-9a-f]{64}$/);
    const instance = { name: 'bluezone', platform: 'bluezone', baseUrl: 'https://bluezone.internal', writers: ['bluezone-backend'] };
    assert.notEqual(annotations({ instances: [...valuesFor('default-values.yaml').instances, instance] })['checksum/config'], before['checksum/config'], 'instances.json');
    assert.notEqual(annotations({ gateway: { logLevel: 'debug' } })['checksum/config'], before['checksum/config'], 'an environment variable');
    const rotated = annotations({ secrets: { instanceCredentials: { c06: { apiKey: 'a-new-c06-key' } } } });
    assert.notEqual(rotated['checksum/secret'], before['checksum/secret']);
    assert.equal(rotated['checksum/config'], before['checksum/config']);
    assert.deepEqual(annotations({ replicaCount: 4 }), before);
    assert.equal(podOf(cluster).metadata.annotations['checksum/secret'], undefined, 'an existing Secret is not the chart to watch');
  });

  it('spreads the pods over zones (ScheduleAnyway) and nodes, skew 1, counting only its own pods', () => {
    const pod = podOf(defaults);
    const byKey = Object.fromEntries(pod.spec.topologySpreadConstraints.map((c: { topologyKey: string }) => [c.topologyKey, c]));
    assert.deepEqual(Object.keys(byKey).sort(), ['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    assert.equal(byKey['topology.kubernetes.io/zone'].whenUnsatisfiable, 'ScheduleAnyway');
    for (const constraint of Object.values<any>(byKey)) {
      assert.equal(constraint.maxSkew, 1);
      assert.deepEqual(constraint.labelSelector.matchLabels, defaults.kind('Deployment').spec.selector.matchLabels);
    }
  });

  it('opens the API on port http and the operators’ listener on port ops, both on the Service, the gateway told OPS_PORT', () => {
    for (const rendered of [defaults, cluster]) {
      const ports = containerOf(rendered).ports.map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]);
      assert.deepEqual(ports, [
        ['http', 8080],
        ['ops', 9464],
      ]);
      const env = rendered.kind('ConfigMap', '-env').data;
      assert.deepEqual([env.PORT, env.OPS_PORT], ['8080', '9464']);
      const service = rendered.kind('Service').spec.ports.map((p: { name: string; port: number; targetPort: string }) => [p.name, p.port, p.targetPort]);
      assert.deepEqual(service, [
        ['http', 80, 'http'],
        ['ops', 9464, 'ops'],
      ]);
    }
    assert.throws(() => render(valuesFor('default-values.yaml', { gateway: { opsPort: 8080 } })), /gateway\.opsPort: the operators' port must differ/);
  });

  it('probes liveness on the ops port (a saturated API port is load, not a hung process) and readiness on the API port', () => {
    const container = containerOf(defaults);
    assert.deepEqual(container.livenessProbe.httpGet, { path: '/healthz', port: 'ops' });
    assert.deepEqual(container.readinessProbe.httpGet, { path: '/readyz', port: 'http' });
  });

  it('scrapes /metrics on the ops port', () => {
    assert.deepEqual(cluster.kind('ServiceMonitor').spec.endpoints[0], { port: 'ops', path: '/metrics', interval: '30s' });
  });

  it('admits callers from apiFrom to the API port alone, and the monitoring namespace and opsFrom to the ops port alone', () => {
    const operatorsLan = { ipBlock: { cidr: '10.20.0.0/24' } };
    const rendered = render(valuesFor('cluster-values.yaml', { networkPolicy: { opsFrom: [operatorsLan] } }));
    const policy = rendered.kind('NetworkPolicy');
    assert.deepEqual(policy.spec.podSelector.matchLabels, rendered.kind('Deployment').spec.selector.matchLabels);
    // Every rule names its sources and its one port: nothing is open to every pod, no rule spans both ports.
    for (const rule of policy.spec.ingress) {
      assert.ok(rule.from?.length, JSON.stringify(rule));
      assert.equal(rule.ports.length, 1, JSON.stringify(rule));
    }
    const sourcesOf = (port: string) => policy.spec.ingress.filter((r: any) => r.ports[0].port === port).flatMap((r: any) => r.from);
    assert.deepEqual(sourcesOf('http'), [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }]);
    assert.deepEqual(sourcesOf('ops'), [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }, operatorsLan]);
    // Without opsFrom, monitoring alone.
    assert.deepEqual(
      cluster.kind('NetworkPolicy').spec.ingress.filter((r: any) => r.ports[0].port === 'ops').flatMap((r: any) => r.from),
      [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
    );
  });

  it('ships the alert rules as a PrometheusRule, files/alerts.yaml as it is, when enabled', () => {
    const rule = defaults.kind('PrometheusRule');
    assert.equal(rule.metadata.labels.release, 'kube-prometheus-stack');
    assert.deepEqual(rule.spec, readChartYaml('files/alerts.yaml'));
    assert.equal(cluster.objects.filter((o) => o.kind === 'PrometheusRule').length, 0);
  });
});
