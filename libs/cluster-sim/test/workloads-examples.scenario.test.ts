import fs from 'node:fs';
import path from 'node:path';
import { SimCluster, parseManifests } from '../src';
import { ready } from './helpers';

// The seed's StatefulSet and DaemonSet examples (04, 05) and the corpus entries of
// fixtures/corpus/expected.json for StatefulSets and DaemonSets, as a real 1.32 cluster
// answers them.
// The `storage:` tests assert what the documentation shows with claims (made before pods,
// Pending without their class); the others leave the claims out to watch the set's own ordering.

const seed = (f: string) =>
  fs.readFileSync(path.resolve(__dirname, 'fixtures/seed-examples', f), 'utf8');
const corpus = (f: string) =>
  fs.readFileSync(path.resolve(__dirname, 'fixtures/corpus/website', f), 'utf8');

/** The manifests with every StatefulSet's volumeClaimTemplates (and their mounts) removed. */
function withoutClaims(yaml: string): any[] {
  return parseManifests(yaml).map((o: any) => {
    if (o.kind !== 'StatefulSet') return o;
    const claims = new Set((o.spec.volumeClaimTemplates ?? []).map((t: any) => t.metadata.name));
    delete o.spec.volumeClaimTemplates;
    for (const c of o.spec.template.spec.containers)
      c.volumeMounts = (c.volumeMounts ?? []).filter((m: any) => !claims.has(m.name));
    return o;
  });
}

/** Applies the documents whose kinds this cluster serves (others belong to other parts). */
function applyServed(c: SimCluster, yaml: string): string[] {
  const skipped: string[] = [];
  for (const o of parseManifests(yaml)) {
    if (c.registry.forApiVersion(o.apiVersion, o.kind)) c.apply(o);
    else skipped.push(`${o.kind}/${o.metadata.name}`);
  }
  return skipped;
}

const owned = (c: SimCluster, owner: string, ns = 'default') =>
  c
    .pods(ns)
    .filter(
      (p) =>
        !p.metadata.deletionTimestamp &&
        p.metadata.ownerReferences?.some((r: any) => r.name === owner),
    )
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));

const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';

describe('seed 04: StatefulSet counter', () => {
  it('makes pod counter-0, mounting claim counter-counter-0, with no governing Service', () => {
    const c = new SimCluster();
    c.apply(seed('04-counter-statefulset.yaml'));
    c.advance(30_000);
    const [pod] = owned(c, 'counter');
    expect(owned(c, 'counter').map((p) => p.metadata.name)).toEqual(['counter-0']);
    expect(pod.spec.volumes[0]).toEqual({
      name: 'counter',
      persistentVolumeClaim: { claimName: 'counter-counter-0' },
    });
    // The governing Service counter-app is not defined: the pod gets its subdomain anyway, but
    // no DNS record exists for counter-0.counter-app until a headless Service of that name does.
    expect(pod.spec).toMatchObject({ hostname: 'counter-0', subdomain: 'counter-app' });
    expect(c.get('services', 'default', 'counter-app')).toBeUndefined();
    expect(
      c
        .events()
        .some((e) => e.message === 'create Pod counter-0 in StatefulSet counter successful'),
    ).toBe(true);
  });

  it('runs counter-0 once its claim is left out', () => {
    const c = new SimCluster();
    for (const o of withoutClaims(seed('04-counter-statefulset.yaml'))) c.apply(o);
    c.runUntil(() => owned(c, 'counter').some(ready));
    expect(c.get('sts', 'default', 'counter').status).toMatchObject({
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
    });
  });

  it('gives counter-0 a stable DNS name once the headless Service counter-app exists', () => {
    const c = new SimCluster();
    // The seed's set without its claim, so the pod runs whatever storage does.
    const [set] = parseManifests(seed('04-counter-statefulset.yaml')) as any[];
    delete set.spec.volumeClaimTemplates;
    delete set.spec.template.spec.containers[0].volumeMounts;
    c.apply(set);
    c.apply(`apiVersion: v1
kind: Service
metadata: { name: counter-app }
spec:
  clusterIP: None
  selector: { app: counter }
  ports: [{ port: 80 }]`);
    c.runUntil(() => owned(c, 'counter').some(ready));
    c.advance(1000);
    const pod = owned(c, 'counter')[0];
    const ep = c.get('endpoints', 'default', 'counter-app');
    expect(ep.subsets[0].addresses).toEqual([
      expect.objectContaining({ hostname: 'counter-0', ip: pod.status.podIP }),
    ]);
  });

  it('storage: creates claim counter-counter-0 before the pod; it stays Pending without class efs', () => {
    const c = new SimCluster();
    c.apply(seed('04-counter-statefulset.yaml'));
    c.advance(30_000);
    const pvc = c.get('persistentvolumeclaims', 'default', 'counter-counter-0');
    expect(pvc.metadata.labels).toEqual({ app: 'counter' });
    expect(pvc.spec).toMatchObject({
      accessModes: ['ReadWriteMany'],
      storageClassName: 'efs',
      resources: { requests: { storage: '50Mi' } },
    });
    expect(pvc.status.phase).toBe('Pending');
    const pod = owned(c, 'counter')[0];
    expect(Date.parse(pvc.metadata.creationTimestamp)).toBeLessThanOrEqual(
      Date.parse(pod.metadata.creationTimestamp),
    );
    expect(pod.status.phase).toBe('Pending');
    const messages = c.events().map((e) => e.message);
    expect(messages).toContain(
      'create Claim counter-counter-0 Pod counter-0 in StatefulSet counter success',
    );
  });

  it('storage: keeps the claims of pods scaled away (whenScaled: Retain)', () => {
    const c = new SimCluster();
    c.apply(
      seed('04-counter-statefulset.yaml')
        .replace('replicas: 1', 'replicas: 2')
        .replace(
          '  serviceName: "counter-app"',
          '  serviceName: "counter-app"\n  podManagementPolicy: Parallel',
        ),
    );
    c.advance(30_000);
    c.patch('sts', 'default', 'counter', { spec: { replicas: 0 } });
    c.advance(60_000);
    expect(owned(c, 'counter')).toHaveLength(0);
    expect(c.list('persistentvolumeclaims', 'default').map((p) => p.metadata.name)).toEqual([
      'counter-counter-0',
      'counter-counter-1',
    ]);
  });
});

describe('seed 05: DaemonSet counter-app', () => {
  it('runs one pod on each of the 3 nodes, control plane included', () => {
    const c = new SimCluster();
    const yaml = seed('05-counter-daemonset.yaml');
    const skipped = applyServed(c, yaml);
    expect(skipped).toEqual([]);
    c.advance(60_000);
    const pods = owned(c, 'counter-app');
    // One pod pinned to each node (bound there by the scheduler once it can be).
    const pinned = pods.map(
      (p) =>
        p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
          .nodeSelectorTerms[0].matchFields[0].values[0],
    );
    expect(pinned.sort()).toEqual(['kubelab-control-plane', 'kubelab-worker', 'kubelab-worker2']);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^counter-app-${SUFFIX}$`));
      // All three share the one claim.
      expect(p.spec.volumes[0]).toEqual({
        name: 'counter',
        persistentVolumeClaim: { claimName: 'counter' },
      });
    }
    const status = c.get('ds', 'default', 'counter-app').status;
    expect(status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3 });
  });

  it('storage: with claim counter Pending (no class efs) the 3 pods wait, unscheduled', () => {
    const c = new SimCluster();
    c.apply(seed('05-counter-daemonset.yaml'));
    c.advance(60_000);
    expect(c.get('persistentvolumeclaims', 'default', 'counter').status.phase).toBe('Pending');
    const pods = owned(c, 'counter-app');
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.status.phase === 'Pending' && !p.spec.nodeName)).toBe(true);
    expect(c.get('ds', 'default', 'counter-app').status).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 0,
    });
  });
});

describe('corpus: controllers/statefulset.yaml', () => {
  it('is accepted: headless Service nginx and StatefulSet web of 3', () => {
    const c = new SimCluster();
    applyServed(c, corpus('controllers/statefulset.yaml'));
    c.advance(5_000);
    expect(c.get('services', 'default', 'nginx').spec.clusterIP).toBe('None');
    expect(c.get('sts', 'default', 'web').spec.replicas).toBe(3);
    expect(owned(c, 'web').map((p) => p.metadata.name)).toEqual(['web-0']);
  });

  it('without claims: web-0, web-1, web-2 Running in order, 10 s apart at least', () => {
    const c = new SimCluster();
    for (const o of withoutClaims(corpus('controllers/statefulset.yaml'))) c.apply(o);
    c.runUntil(() => owned(c, 'web').length === 3 && owned(c, 'web').every(ready));
    const [w0, w1, w2] = owned(c, 'web');
    const t = (p: any) => Date.parse(p.metadata.creationTimestamp);
    expect(t(w1) - t(w0)).toBeGreaterThanOrEqual(10_000);
    expect(t(w2) - t(w1)).toBeGreaterThanOrEqual(10_000);
    c.advance(11_000);
    const ep = c.get('endpoints', 'default', 'nginx');
    expect(ep.subsets[0].addresses.map((a: any) => a.hostname).sort()).toEqual([
      'web-0',
      'web-1',
      'web-2',
    ]);
  });

  it('storage: www-web-0 Pending (no class my-storage-class), web-0 Pending, web-1 never made', () => {
    const c = new SimCluster();
    applyServed(c, corpus('controllers/statefulset.yaml'));
    c.advance(5 * 60_000);
    const pvc = c.get('persistentvolumeclaims', 'default', 'www-web-0');
    expect(pvc.status.phase).toBe('Pending');
    expect(pvc.spec.storageClassName).toBe('my-storage-class');
    expect(
      c
        .events()
        .some((e) =>
          e.message.includes('storageclass.storage.k8s.io "my-storage-class" not found'),
        ),
    ).toBe(true);
    expect(owned(c, 'web').map((p) => p.metadata.name)).toEqual(['web-0']);
    expect(owned(c, 'web')[0].status.phase).toBe('Pending');
    expect(
      c
        .events()
        .some(
          (e) =>
            e.reason === 'FailedScheduling' &&
            e.message.includes('unbound immediate PersistentVolumeClaims'),
        ),
    ).toBe(true);
    const set = c.get('sts', 'default', 'web');
    expect(set.status).toMatchObject({ replicas: 1, currentReplicas: 1 });
    expect(set.status.readyReplicas).toBeUndefined();
    expect(c.get('endpoints', 'default', 'nginx').subsets).toBeUndefined();
  });
});

describe('corpus: application/zookeeper/zookeeper.yaml (StatefulSet parts)', () => {
  it('starts zk-0, zk-1, zk-2 in order, each after the previous is Ready (with storage: once datadir claims bind)', () => {
    const c = new SimCluster();
    applyServed(c, corpus('application/zookeeper/zookeeper.yaml'));
    const createdAt = new Map<string, number>();
    const readyAt = new Map<string, number>();
    c.runUntil(
      () => owned(c, 'zk').length === 3 && owned(c, 'zk').every(ready),
      15 * 60_000,
      () => {
        for (const p of owned(c, 'zk')) {
          if (!createdAt.has(p.metadata.name)) createdAt.set(p.metadata.name, c.now);
          if (ready(p) && !readyAt.has(p.metadata.name)) readyAt.set(p.metadata.name, c.now);
        }
      },
    );
    expect(owned(c, 'zk').map((p) => p.metadata.name)).toEqual(['zk-0', 'zk-1', 'zk-2']);
    expect(owned(c, 'zk').every((p) => p.status.phase === 'Running')).toBe(true);
    expect(createdAt.get('zk-1')!).toBeGreaterThanOrEqual(readyAt.get('zk-0')!);
    expect(createdAt.get('zk-2')!).toBeGreaterThanOrEqual(readyAt.get('zk-1')!);
    expect(c.get('sts', 'default', 'zk').status).toMatchObject({ replicas: 3, readyReplicas: 3 });
    c.advance(5_000);
    const hs = c.get('endpoints', 'default', 'zk-hs');
    expect(hs.subsets[0].addresses).toHaveLength(3);
  });

  it('storage: datadir-zk-0..2 are Bound by the default StorageClass', () => {
    const c = new SimCluster();
    applyServed(c, corpus('application/zookeeper/zookeeper.yaml'));
    c.runUntil(() => owned(c, 'zk').length === 3 && owned(c, 'zk').every(ready), 15 * 60_000);
    for (const n of ['datadir-zk-0', 'datadir-zk-1', 'datadir-zk-2']) {
      const pvc = c.get('persistentvolumeclaims', 'default', n);
      expect(pvc.status).toMatchObject({
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: { storage: '10Gi' },
      });
    }
  });
});

describe('corpus: controllers/daemonset-label-selector.yaml', () => {
  it('schedules nothing until a node is labelled ssd=true', () => {
    const c = new SimCluster();
    c.apply(corpus('controllers/daemonset-label-selector.yaml'));
    c.advance(10_000);
    expect(owned(c, 'nginx-ssd')).toHaveLength(0);
    expect(c.get('ds', 'default', 'nginx-ssd').status).toMatchObject({
      desiredNumberScheduled: 0,
      currentNumberScheduled: 0,
    });
    c.patch('nodes', '', 'kubelab-worker', { metadata: { labels: { ssd: 'true' } } });
    c.advance(60_000);
    const pods = owned(c, 'nginx-ssd');
    expect(pods).toHaveLength(1);
    expect(pods[0].metadata.name).toMatch(new RegExp(`^nginx-ssd-${SUFFIX}$`));
    expect(pods[0].spec.nodeName).toBe('kubelab-worker');
  });
});

describe('corpus: controllers/fluentd-daemonset.yaml', () => {
  it('runs fluentd-elasticsearch on all 3 nodes in kube-system, the tainted control plane too', () => {
    const c = new SimCluster();
    c.apply(corpus('controllers/fluentd-daemonset.yaml'));
    c.runUntil(() => owned(c, 'fluentd-elasticsearch', 'kube-system').filter(ready).length === 3);
    c.advance(1000);
    const pods = owned(c, 'fluentd-elasticsearch', 'kube-system');
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual([
      'kubelab-control-plane',
      'kubelab-worker',
      'kubelab-worker2',
    ]);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^fluentd-elasticsearch-${SUFFIX}$`));
      expect(p.status.phase).toBe('Running');
    }
    expect(c.get('ds', 'kube-system', 'fluentd-elasticsearch').status).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 3,
      numberAvailable: 3,
      updatedNumberScheduled: 3,
      numberMisscheduled: 0,
    });
  });
});

describe('corpus: every StatefulSet and DaemonSet manifest', () => {
  const files = [
    'application/basic-daemonset.yaml',
    'application/cassandra/cassandra-statefulset.yaml',
    'application/job/rabbitmq/rabbitmq-statefulset.yaml',
    'application/mysql/mysql-statefulset.yaml',
    'application/web/web-parallel.yaml',
    'application/web/web.yaml',
    'controllers/daemonset.yaml',
    'controllers/fluentd-daemonset-update.yaml',
    'debug/fluentd-gcp-ds.yaml',
    'debug/node-problem-detector.yaml',
    'debug/node-problem-detector-configmap.yaml',
    'windows/daemonset.yaml',
  ];
  it.each(files)('%s is accepted and observed by its controller', (f) => {
    const c = new SimCluster();
    for (const o of parseManifests(corpus(f))) {
      if (!['StatefulSet', 'DaemonSet'].includes(o.kind)) continue;
      const ns = o.metadata.namespace;
      if (ns && !c.get('namespaces', '', ns))
        c.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      c.apply(o);
    }
    c.advance(30_000);
    const workloads = [...c.list('sts'), ...c.list('ds')];
    expect(workloads.length).toBeGreaterThan(0);
    for (const w of workloads) expect(w.status.observedGeneration).toBe(1);
  });
});
