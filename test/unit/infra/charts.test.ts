// Invariants over every object the charts synthesize, for both presets and the modes they do not use by default.
import { names, platformConfig } from '../../../infra/config';
import { emptyMonitoringInputs, flows, platformObjects, type KubeManifest } from '../../../infra/charts';
import { PATRONI_ROLE_LABEL, POOLER_CALLBACK_ENV } from '../../../infra/render';
import { containersOf, matches, objectsOf, podOwners, sampleInputs, variants } from '../../fixtures/infra/manifests';

/* eslint-disable @typescript-eslint/no-explicit-any -- assertions walk synthesized JSON */
const ofKind = (objects: KubeManifest[], kind: string) => objects.filter((o) => o.kind === kind);
const spec = (o: KubeManifest) => o.spec as any;

describe.each(variants)('charts (%s)', (_, c) => {
  const objects = objectsOf(c);
  const owners = podOwners(objects);
  const n = names(c);

  it('when synthesized, then names are unique per kind, DNS-safe and every object carries the label set', () => {
    const keys = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const o of objects) {
      expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/instance': c.name,
        'app.kubernetes.io/part-of': 'brownie',
        'app.kubernetes.io/managed-by': 'cdk8s',
      });
      if (o.kind !== 'Namespace') expect(o.metadata.namespace).toBe(c.namespace);
    }
  });

  it('when synthesized, then no Secret is rendered: secrets are only referenced by name', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  it('when synthesized, then every container has CPU and memory requests and limits', () => {
    for (const owner of owners) {
      for (const container of containersOf(owner)) {
        expect([owner.object.metadata.name, container.name, container.resources]).toEqual([
          owner.object.metadata.name,
          container.name,
          {
            requests: { cpu: expect.any(String), memory: expect.any(String) },
            limits: { cpu: expect.any(String), memory: expect.any(String) },
          },
        ]);
      }
    }
  });

  it('when synthesized, then every long-running container has liveness and readiness probes', () => {
    for (const owner of owners.filter((o) => o.longRunning)) {
      for (const container of owner.template.spec.containers) {
        expect([container.name, Boolean(container.livenessProbe), Boolean(container.readinessProbe)]).toEqual([
          container.name,
          true,
          true,
        ]);
      }
    }
  });

  it('when Patroni and the API are probed, then each uses its own health endpoints (readiness never kills a replica)', () => {
    const container = (name: string) =>
      owners.find((o) => o.object.metadata.name === name)!.template.spec.containers[0];
    const paths = (ct: any) => [ct.livenessProbe.httpGet.path, ct.readinessProbe.httpGet.path];
    expect(paths(container(n.cluster))).toEqual(['/liveness', '/readiness']);
    expect(paths(container(n.api))).toEqual(['/health/live', '/health/ready']);
  });

  it('when synthesized, then pods run as non-root, read-only, with no privilege escalation', () => {
    for (const owner of owners) {
      expect(owner.template.spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: expect.any(Number),
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(owner.template.spec.securityContext.runAsUser).toBeGreaterThan(0);
      for (const container of containersOf(owner)) {
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
  });

  it('when a Service has a selector, then it selects pods and every target port is a port of those pods', () => {
    for (const service of ofKind(objects, 'Service').filter((s) => spec(s).selector)) {
      // Patroni labels its pods with their role at runtime: that key is matched by Patroni, not the template.
      const { [PATRONI_ROLE_LABEL.key]: role, ...selector } = spec(service).selector;
      if (role !== undefined) expect(role).toBe(PATRONI_ROLE_LABEL.replica);
      const selected = owners.filter((o) => matches(selector, o.template.metadata.labels));
      expect([service.metadata.name, selected.length > 0]).toEqual([service.metadata.name, true]);
      const podPorts = selected.flatMap((o) =>
        o.template.spec.containers.flatMap((ct: any) =>
          (ct.ports ?? []).flatMap((p: any) => [p.name, p.containerPort]),
        ),
      );
      for (const port of spec(service).ports) {
        expect([service.metadata.name, podPorts]).toEqual([
          service.metadata.name,
          expect.arrayContaining([port.targetPort]),
        ]);
      }
    }
  });

  it('when synthesized, then no Service is exposed outside the cluster', () => {
    for (const service of ofKind(objects, 'Service')) {
      expect(['ClusterIP', undefined]).toContain(spec(service).type);
    }
  });

  it('when a pod references a ConfigMap, Secret or ServiceAccount, then it exists or is a declared external Secret', () => {
    const configMaps = new Set(ofKind(objects, 'ConfigMap').map((o) => o.metadata.name));
    const accounts = new Set(ofKind(objects, 'ServiceAccount').map((o) => o.metadata.name));
    const external = new Set<string>([
      ...Object.values(n.secrets),
      n.alertmanagerSecrets,
      ...(c.tls.postgresSecretName ? [c.tls.postgresSecretName] : []),
    ]);
    for (const owner of owners) {
      const podSpec = owner.template.spec;
      if (podSpec.serviceAccountName) expect(accounts).toContain(podSpec.serviceAccountName);
      for (const volume of podSpec.volumes ?? []) {
        if (volume.configMap) expect(configMaps).toContain(volume.configMap.name);
        if (volume.secret) expect(external).toContain(volume.secret.secretName);
      }
      for (const container of containersOf(owner)) {
        for (const env of container.env ?? []) {
          if (env.valueFrom?.secretKeyRef) expect(external).toContain(env.valueFrom.secretKeyRef.name);
        }
        const mounts = new Set((podSpec.volumes ?? []).map((v: any) => v.name));
        for (const claim of spec(owner.object).volumeClaimTemplates ?? []) mounts.add(claim.metadata.name);
        for (const mount of container.volumeMounts ?? []) expect(mounts).toContain(mount.name);
      }
    }
  });

  it('when synthesized, then Patroni, PgBouncer and the API each have a PDB selecting their pods', () => {
    for (const name of [n.cluster, n.pgbouncer, n.api]) {
      const pdb = ofKind(objects, 'PodDisruptionBudget').find((p) => p.metadata.name === name);
      const owner = owners.find((o) => o.object.metadata.name === name);
      expect(pdb && owner && matches(spec(pdb).selector.matchLabels, owner.template.metadata.labels)).toBe(true);
    }
  });

  it('when synthesized, then the HPA alone scales the API Deployment within the configured bounds', () => {
    const [hpa] = ofKind(objects, 'HorizontalPodAutoscaler');
    const api = ofKind(objects, 'Deployment').find((d) => d.metadata.name === n.api)!;
    expect(spec(api).replicas).toBeUndefined();
    expect(spec(hpa!)).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: n.api },
      minReplicas: c.api.hpa.minReplicas,
      maxReplicas: c.api.hpa.maxReplicas,
    });
  });

  it('when synthesized, then every NetworkPolicy selects pods that exist', () => {
    for (const policy of ofKind(objects, 'NetworkPolicy')) {
      const selector = spec(policy).podSelector.matchLabels ?? {};
      expect([policy.metadata.name, owners.some((o) => matches(selector, o.template.metadata.labels))]).toEqual([
        policy.metadata.name,
        true,
      ]);
    }
  });

  it('when the migrations Job runs, then it reaches the primary directly, never PgBouncer', () => {
    const [job] = ofKind(objects, 'Job');
    expect(job!.metadata.name).toContain(c.images.api.tag.replace(/\./g, '-').slice(0, 10).split('-')[0]);
    expect(flows(c)).toContainEqual({ from: 'migrations', to: 'patroni', ports: [5432] });
    expect(flows(c).filter((f) => f.from === 'migrations' && f.to === 'pgbouncer')).toEqual([]);
  });

  it('when the backup jobs run, then they call the API image backup CLI', () => {
    const commands = ofKind(objects, 'CronJob').map((o) => spec(o).jobTemplate.spec.template.spec.containers[0].args);
    expect(commands).toEqual([
      ['node', 'dist/app/src/cli/backup.js', 'backup'],
      ['node', 'dist/app/src/cli/backup.js', 'drill'],
    ]);
  });
});

describe('charts (prod only)', () => {
  const c = platformConfig('prod');
  const objects = objectsOf(c);
  const patroni = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === names(c).cluster)!;
  const patroniContainer = spec(patroni).template.spec.containers.find((x: { name: string }) => x.name === 'patroni');
  const patroniEnv: Record<string, string | undefined> = Object.fromEntries(
    patroniContainer.env.map((e: { name: string; value?: string }) => [e.name, e.value]),
  );

  it('when prod is synthesized, then ≥ 3 Patroni members must spread over nodes and zones', () => {
    const podSpec = spec(patroni).template.spec;
    expect(spec(patroni).replicas).toBeGreaterThanOrEqual(3);
    expect(podSpec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(podSpec.topologySpreadConstraints).toEqual([
      expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }),
    ]);
  });

  it('when Patroni bootstraps, then the post-bootstrap script it executes is mounted executable', () => {
    const config = spec(patroni).template.spec.volumes.find((v: { name: string }) => v.name === 'config');
    expect(config.configMap.defaultMode & 0o111).toBe(0o111);
  });

  it('when a member is promoted, then its pooler hooks can reach every PgBouncer pod and the primary Service', () => {
    const headless = objects.find(
      (o) => o.kind === 'Service' && o.metadata.name === names(c).headless(names(c).pgbouncer),
    );
    expect(spec(headless!).clusterIP).toBe('None');
    expect(patroniEnv).toMatchObject({
      [POOLER_CALLBACK_ENV.service]: `${headless!.metadata.name}.${c.namespace}.svc`,
      [POOLER_CALLBACK_ENV.port]: '6432',
      [POOLER_CALLBACK_ENV.primaryHost]: expect.stringContaining(names(c).cluster),
    });
    expect(flows(c)).toContainEqual({ from: 'patroni', to: 'pgbouncer', ports: [6432] });
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && (o as any).data?.['pooler-callback.sh'])!;
    expect((configMap as any).data['patroni.yml']).toContain('pre_promote: /etc/patroni/pooler-callback.sh pause');
  });

  it('when an operator runs patronictl in a member (the runbooks), then it finds the mounted patroni.yml', () => {
    const mount = patroniContainer.volumeMounts.find((v: { name: string }) => v.name === 'config');
    expect(patroniEnv.PATRONICTL_CONFIG_FILE).toBe(`${mount.mountPath}/patroni.yml`);
  });

  it('when prod runs in operator mode, then PodMonitors keep our job names and rules become PrometheusRules', () => {
    const monitors = objects.filter((o) => o.kind === 'PodMonitor');
    expect(monitors.length).toBeGreaterThan(0);
    for (const m of monitors) {
      expect(m.metadata.labels).toMatchObject({ release: c.monitoring.operatorReleaseLabel });
      expect(spec(m).podMetricsEndpoints[0].relabelings[0]).toMatchObject({ targetLabel: 'job' });
    }
    const rules = objects.filter((o) => o.kind === 'PrometheusRule');
    expect(rules.map((r) => spec(r).groups[0].name)).toEqual(['api']);
    const dashboards = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === names(c).grafanaDashboards)!;
    expect(dashboards.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    expect(
      objects.filter((o) => o.kind === 'StatefulSet' || o.kind === 'Deployment').map((o) => o.metadata.name),
    ).not.toContain(names(c).prometheus);
  });
});

describe('backup workload identity', () => {
  it('when Azure workload identity is configured, then the ServiceAccount and the job pods carry it', () => {
    const c = platformConfig('prod', {
      backup: {
        provider: 'azure',
        azureAccountUrl: 'https://acct.blob.core.windows.net',
        workloadIdentity: {
          serviceAccountAnnotations: { 'azure.workload.identity/client-id': 'id' },
          podLabels: { 'azure.workload.identity/use': 'true' },
        },
      },
    });
    const objects = objectsOf(c);
    const account = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === names(c).backup)!;
    expect(account.metadata.annotations).toEqual({ 'azure.workload.identity/client-id': 'id' });
    expect(flows(c).filter((f) => f.to === 'gke-metadata')).toEqual([]);
    for (const owner of podOwners(objects).filter((o) => o.object.kind === 'CronJob')) {
      expect(owner.template.metadata.labels).toMatchObject({ 'azure.workload.identity/use': 'true' });
      expect(owner.template.spec.serviceAccountName).toBe(names(c).backup);
    }
  });
});

describe('backup on GCS', () => {
  it('when GKE Workload Identity is used, then the backup jobs may reach the node metadata server', () => {
    const c = platformConfig('prod', { backup: { provider: 'gcs' } });
    expect(
      flows(c)
        .filter((f) => f.to === 'gke-metadata')
        .map((f) => f.from),
    ).toEqual(['backup', 'restore-drill']);
  });
});

describe('monitoring inputs', () => {
  it('when bundled, then rule files, dashboards and alertmanager.yml land in the ConfigMaps the pods mount', () => {
    const c = platformConfig('dev');
    const n = names(c);
    const data = (name: string) =>
      (objectsOf(c).find((o) => o.kind === 'ConfigMap' && o.metadata.name === name) as any).data;
    expect(data(n.prometheusRules)).toEqual(sampleInputs.ruleFiles);
    expect(data(n.grafanaDashboards)).toEqual(sampleInputs.dashboards);
    expect(data(n.alertmanagerConfig)).toEqual({ 'alertmanager.yml': sampleInputs.alertmanagerConfig });
  });

  it('when a rule file name does not end with .yaml, then synthesis fails naming it', () => {
    expect(() =>
      platformObjects(platformConfig('dev'), { ...emptyMonitoringInputs, ruleFiles: { 'api.yml': 'groups: []' } }),
    ).toThrow('monitoring ruleFiles["api.yml"]: name must end with .yaml');
  });

  it('when an operator-mode rule file has no groups, then synthesis fails naming it', () => {
    expect(() =>
      platformObjects(platformConfig('prod'), { ...emptyMonitoringInputs, ruleFiles: { 'x.yaml': 'rules: []' } }),
    ).toThrow('monitoring ruleFiles["x.yaml"]: expected a "groups" list');
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */

describe('chart inventory', () => {
  // One reviewable snapshot of the defaults: which objects each unit holds (their content is asserted above).
  it.each(['dev', 'prod'] as const)('when the %s preset is synthesized, then the units hold these objects', (stack) => {
    const inventory = platformObjects(platformConfig(stack), sampleInputs).map(
      (u) => `${u.unit}: ${u.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
    expect(inventory).toMatchSnapshot();
  });
});
