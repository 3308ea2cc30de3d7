import { StatusError } from '@kubelab/apimachinery';
import { ALL_VERBS, SimCluster, printTable } from '../src';
import { ready } from './helpers';

// StatefulSets as a learner meets them: ordinal pods created in order, stable identities,
// scale-down from the top, rolling updates from the top down to the partition, ControllerRevisions,
// status, events and the API's refusals.

const sts = (
  name: string,
  opts: {
    replicas?: number;
    image?: string;
    policy?: 'OrderedReady' | 'Parallel';
    strategy?: string;
    minReadySeconds?: number;
  } = {},
) => `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: ${name}
  replicas: ${opts.replicas ?? 3}
${opts.policy ? `  podManagementPolicy: ${opts.policy}\n` : ''}${opts.minReadySeconds ? `  minReadySeconds: ${opts.minReadySeconds}\n` : ''}${opts.strategy ?? ''}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
      - name: nginx
        image: ${opts.image ?? 'nginx:1.27'}
        ports:
        - containerPort: 80
          name: web
`;

const headless = (name: string) => `
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  clusterIP: None
  selector: { app: ${name} }
  ports: [{ port: 80, name: web }]
`;

const podsOf = (c: SimCluster, set: string) =>
  c
    .pods()
    .filter((p) => p.metadata.ownerReferences?.some((r: any) => r.name === set))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));

const allReady = (c: SimCluster, set: string, n: number) => {
  const pods = podsOf(c, set).filter((p) => !p.metadata.deletionTimestamp);
  return pods.length === n && pods.every(ready);
};

/** Runs until done, noting when each pod first existed and first was Ready. */
function timeline(c: SimCluster, done: () => boolean) {
  const created = new Map<string, number>();
  const readyAt = new Map<string, number>();
  c.runUntil(done, 10 * 60_000, () => {
    for (const p of c.pods()) {
      if (!created.has(p.metadata.name)) created.set(p.metadata.name, c.now);
      if (ready(p) && !readyAt.has(p.metadata.name)) readyAt.set(p.metadata.name, c.now);
    }
  });
  return { created, readyAt };
}

const messages = (c: SimCluster, reason?: string) =>
  c
    .events()
    .filter((e) => e.involvedObject.kind === 'StatefulSet' && (!reason || e.reason === reason))
    .map((e) => e.message);

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse');
}

describe('StatefulSet pods', () => {
  it('are created one at a time, each after the previous is Running and Ready (OrderedReady)', () => {
    const c = new SimCluster();
    c.apply(headless('web'));
    c.apply(sts('web'));
    c.reconcile();
    // Only web-0 exists until it is Ready.
    expect(podsOf(c, 'web').map((p) => p.metadata.name)).toEqual(['web-0']);
    const { created, readyAt } = timeline(c, () => allReady(c, 'web', 3));
    expect(created.get('web-1')!).toBeGreaterThanOrEqual(readyAt.get('web-0')!);
    expect(created.get('web-2')!).toBeGreaterThanOrEqual(readyAt.get('web-1')!);
    expect(messages(c, 'SuccessfulCreate')).toEqual([
      'create Pod web-0 in StatefulSet web successful',
      'create Pod web-1 in StatefulSet web successful',
      'create Pod web-2 in StatefulSet web successful',
    ]);
    const e = c.events().find((x) => x.reason === 'SuccessfulCreate')!;
    expect(e.source).toEqual({ component: 'statefulset-controller' });
    expect(e.type).toBe('Normal');
  });

  it('are created all at once with podManagementPolicy Parallel', () => {
    const c = new SimCluster();
    c.apply(sts('web', { policy: 'Parallel' }));
    c.reconcile();
    const pods = podsOf(c, 'web');
    expect(pods.map((p) => p.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(pods.some(ready)).toBe(false);
  });

  it('carry a stable identity: hostname, subdomain, ordinal labels and the revision hash', () => {
    const c = new SimCluster();
    c.apply(headless('web'));
    c.apply(sts('web', { replicas: 2 }));
    c.runUntil(() => allReady(c, 'web', 2));
    const set = c.get('sts', 'default', 'web');
    const [p0, p1] = podsOf(c, 'web');
    expect(p1.metadata.name).toBe('web-1');
    expect(p1.metadata.generateName).toBe('web-');
    expect(p1.metadata.labels).toEqual({
      app: 'web',
      'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': set.status.updateRevision,
      'statefulset.kubernetes.io/pod-name': 'web-1',
    });
    expect(p1.spec.hostname).toBe('web-1');
    expect(p1.spec.subdomain).toBe('web');
    expect(p0.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: 'web',
        uid: set.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  });

  it('scale down from the highest ordinal, one at a time', () => {
    const c = new SimCluster();
    c.apply(sts('web'));
    c.runUntil(() => allReady(c, 'web', 3));
    c.patch('sts', 'default', 'web', { spec: { replicas: 1 } });
    c.reconcile();
    // web-2 terminates first; web-1 is left alone until web-2 is gone.
    const terminating = podsOf(c, 'web').filter((p) => p.metadata.deletionTimestamp);
    expect(terminating.map((p) => p.metadata.name)).toEqual(['web-2']);
    expect(
      podsOf(c, 'web').find((p) => p.metadata.name === 'web-1')!.metadata.deletionTimestamp,
    ).toBeUndefined();
    c.runUntil(() => podsOf(c, 'web').length === 1);
    expect(podsOf(c, 'web').map((p) => p.metadata.name)).toEqual(['web-0']);
    expect(messages(c, 'SuccessfulDelete')).toEqual([
      'delete Pod web-2 in StatefulSet web successful',
      'delete Pod web-1 in StatefulSet web successful',
    ]);
  });

  it('come back with the same name when deleted', () => {
    const c = new SimCluster();
    c.apply(sts('web', { replicas: 2 }));
    c.runUntil(() => allReady(c, 'web', 2));
    const uid = podsOf(c, 'web')[0].metadata.uid;
    c.delete('pods', 'default', 'web-0');
    c.runUntil(() => allReady(c, 'web', 2) && podsOf(c, 'web')[0].metadata.uid !== uid);
    expect(podsOf(c, 'web').map((p) => p.metadata.name)).toEqual(['web-0', 'web-1']);
  });
});

describe('StatefulSet status and revisions', () => {
  it('reports replicas, readiness, revisions and the collision count', () => {
    const c = new SimCluster();
    c.apply(sts('web'));
    const created = c.get('sts', 'default', 'web');
    expect(created.status).toEqual({ replicas: 0, availableReplicas: 0 });
    c.runUntil(() => allReady(c, 'web', 3));
    c.advance(1000);
    const set = c.get('sts', 'default', 'web');
    const [rev] = c.list('controllerrevisions', 'default');
    expect(rev.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(set.status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: rev.metadata.name,
      updateRevision: rev.metadata.name,
      collisionCount: 0,
      availableReplicas: 3,
    });
    expect(rev.revision).toBe(1);
    expect(rev.metadata.labels).toEqual({
      app: 'web',
      'controller-revision-hash': rev.metadata.name.slice('web-'.length),
    });
    expect(rev.data.spec.template.$patch).toBe('replace');
    expect(rev.data.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(rev.metadata.ownerReferences[0]).toMatchObject({ kind: 'StatefulSet', name: 'web' });
  });

  it('rolls an update from the highest ordinal down, one pod at a time', () => {
    const c = new SimCluster();
    c.apply(sts('web'));
    c.runUntil(() => allReady(c, 'web', 3));
    const before = c.get('sts', 'default', 'web').status.currentRevision;
    c.patch(
      'sts',
      'default',
      'web',
      {
        spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
      },
      'strategic',
    );
    c.reconcile();
    let set = c.get('sts', 'default', 'web');
    expect(set.metadata.generation).toBe(2);
    expect(set.status.currentRevision).toBe(before);
    expect(set.status.updateRevision).not.toBe(before);
    const order: string[] = [];
    c.runUntil(
      () => {
        const s = c.get('sts', 'default', 'web').status;
        return s.currentRevision === s.updateRevision && allReady(c, 'web', 3);
      },
      10 * 60_000,
      () => {
        for (const p of c.pods())
          if (p.metadata.deletionTimestamp && !order.includes(p.metadata.name))
            order.push(p.metadata.name);
      },
    );
    expect(order).toEqual(['web-2', 'web-1', 'web-0']);
    set = c.get('sts', 'default', 'web');
    expect(podsOf(c, 'web').map((p) => p.spec.containers[0].image)).toEqual([
      'nginx:1.28',
      'nginx:1.28',
      'nginx:1.28',
    ]);
    expect(set.status).toMatchObject({ currentReplicas: 3, updatedReplicas: 3 });
    const revs = c
      .list('controllerrevisions', 'default')
      .map((r) => [r.metadata.name, r.revision])
      .sort((a, b) => a[1] - b[1]);
    expect(revs).toEqual([
      [before, 1],
      [set.status.updateRevision, 2],
    ]);
  });

  it('updates only the ordinals at or above the partition', () => {
    const c = new SimCluster();
    c.apply(sts('web', { strategy: '  updateStrategy:\n    rollingUpdate: { partition: 2 }' }));
    c.runUntil(() => allReady(c, 'web', 3));
    c.patch(
      'sts',
      'default',
      'web',
      {
        spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
      },
      'strategic',
    );
    c.advance(2 * 60_000);
    expect(podsOf(c, 'web').map((p) => p.spec.containers[0].image)).toEqual([
      'nginx:1.27',
      'nginx:1.27',
      'nginx:1.28',
    ]);
    const s = c.get('sts', 'default', 'web').status;
    expect(s).toMatchObject({ currentReplicas: 2, updatedReplicas: 1, readyReplicas: 3 });
    expect(s.currentRevision).not.toBe(s.updateRevision);
  });

  it('with OnDelete, replaces a pod only when it is deleted', () => {
    const c = new SimCluster();
    c.apply(sts('web', { replicas: 2, strategy: '  updateStrategy: { type: OnDelete }' }));
    c.runUntil(() => allReady(c, 'web', 2));
    expect(c.get('sts', 'default', 'web').spec.updateStrategy).toEqual({ type: 'OnDelete' });
    c.patch(
      'sts',
      'default',
      'web',
      {
        spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
      },
      'strategic',
    );
    c.advance(60_000);
    expect(podsOf(c, 'web').map((p) => p.spec.containers[0].image)).toEqual([
      'nginx:1.27',
      'nginx:1.27',
    ]);
    c.delete('pods', 'default', 'web-1');
    c.advance(60_000);
    expect(podsOf(c, 'web').map((p) => p.spec.containers[0].image)).toEqual([
      'nginx:1.27',
      'nginx:1.28',
    ]);
  });

  it('rolls back by giving the earlier revision the next number', () => {
    const c = new SimCluster();
    c.apply(sts('web', { replicas: 1 }));
    c.runUntil(() => allReady(c, 'web', 1));
    const first = c.get('sts', 'default', 'web').status.currentRevision;
    const image = (i: string) => ({
      spec: { template: { spec: { containers: [{ name: 'nginx', image: i }] } } },
    });
    c.patch('sts', 'default', 'web', image('nginx:1.28'), 'strategic');
    c.advance(60_000);
    c.patch('sts', 'default', 'web', image('nginx:1.27'), 'strategic');
    c.advance(60_000);
    const set = c.get('sts', 'default', 'web');
    expect(set.status.updateRevision).toBe(first);
    expect(set.status.currentRevision).toBe(first);
    const byName = Object.fromEntries(
      c.list('controllerrevisions', 'default').map((r) => [r.metadata.name, r.revision]),
    );
    expect(byName[first]).toBe(3);
    expect(Object.values(byName).sort()).toEqual([2, 3]);
  });

  it('waits minReadySeconds before counting a pod available and creating the next', () => {
    const c = new SimCluster();
    c.apply(sts('web', { replicas: 2, minReadySeconds: 10 }));
    const { created } = timeline(c, () => allReady(c, 'web', 2));
    const web0 = podsOf(c, 'web')[0];
    const readySince = Date.parse(
      web0.status.conditions.find((x: any) => x.type === 'Ready').lastTransitionTime,
    );
    expect(created.get('web-1')! - readySince).toBeGreaterThanOrEqual(10_000);
    c.advance(11_000);
    expect(c.get('sts', 'default', 'web').status.availableReplicas).toBe(2);
  });
});

describe('StatefulSet API', () => {
  it('defaults policy, update strategy, retention policy and history limit', () => {
    const c = new SimCluster();
    const [set] = c.apply(sts('web')) as any[];
    expect(set.spec).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      revisionHistoryLimit: 10,
      replicas: 3,
    });
    expect(set.spec.updateStrategy.rollingUpdate.maxUnavailable).toBeUndefined();
    expect(set.metadata.generation).toBe(1);
    expect(c.type('sts')).toMatchObject({ kind: 'StatefulSet', categories: ['all'] });
    expect(c.type('statefulsets').subresources!.map((s: any) => s.name)).toEqual([
      'scale',
      'status',
    ]);
  });

  it('defaults claim templates as whole PersistentVolumeClaims', () => {
    const c = new SimCluster();
    const [set] = c.apply(
      sts('db', { replicas: 0 }) +
        `  volumeClaimTemplates:
  - metadata: { name: data }
    spec:
      accessModes: [ReadWriteOnce]
      resources: { requests: { storage: 1Gi } }
`,
    ) as any[];
    expect(set.spec.volumeClaimTemplates).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data', creationTimestamp: null },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
          volumeMode: 'Filesystem',
        },
        status: { phase: 'Pending' },
      },
    ]);
  });

  it('refuses a selector that does not match the template labels', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply(sts('web').replace('labels: { app: web }', 'labels: { app: x }')),
    );
    expect(err.message).toBe(
      'StatefulSet.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    );
  });

  it('refuses changes to fields other than replicas, template, updateStrategy and a few more', () => {
    const c = new SimCluster();
    c.apply(sts('web'));
    const err = refusal(() => c.patch('sts', 'default', 'web', { spec: { serviceName: 'other' } }));
    expect(err.message).toBe(
      "StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
    // Those fields may change.
    c.patch('sts', 'default', 'web', { spec: { replicas: 5, minReadySeconds: 3 } });
  });

  it('refuses a bad pod management policy, update strategy and name', () => {
    const c = new SimCluster();
    let err = refusal(() => c.apply(sts('web', { policy: 'Burst' as any })));
    expect(err.message).toBe(
      `StatefulSet.apps "web" is invalid: spec.podManagementPolicy: Invalid value: "Burst": must be 'OrderedReady' or 'Parallel'`,
    );
    err = refusal(() =>
      c.apply(
        sts('web', {
          strategy: '  updateStrategy: { type: OnDelete, rollingUpdate: { partition: 1 } }',
        }),
      ),
    );
    expect(err.message).toBe(
      'StatefulSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy \'RollingUpdate\'',
    );
    err = refusal(() => c.apply(sts('web.v1')));
    expect(err.message).toContain(
      'StatefulSet.apps "web.v1" is invalid: metadata.name: Invalid value: "web.v1": a lowercase RFC 1123 label must consist of',
    );
  });

  it('accepts a pod template the pod API refuses, then fails each try with FailedCreate, backing off', () => {
    const c = new SimCluster();
    // StatefulSet validation leaves the pod spec to pod creation (upstream's TODO).
    c.apply(sts('web').replace('image: nginx:1.27', 'image: ""'));
    expect(c.reconcile().converged).toBe(true);
    c.advance(60_000);
    expect(podsOf(c, 'web')).toHaveLength(0);
    const failed = c.events().filter((e) => e.reason === 'FailedCreate');
    expect(failed.map((e) => [e.type, e.message])).toEqual([
      [
        'Warning',
        'create Pod web-0 in StatefulSet web failed error: Pod "web-0" is invalid: spec.containers[0].image: Required value',
      ],
    ]);
    expect(failed[0].count).toBeGreaterThan(1);
    expect(failed[0].count).toBeLessThan(20);
  });

  it('shows READY as ready/desired in kubectl get sts', () => {
    const c = new SimCluster();
    c.apply(sts('web', { replicas: 2 }));
    c.runUntil(() => allReady(c, 'web', 2));
    c.advance(60_000);
    const t = printTable(c.list('sts', 'default'), {
      group: 'apps',
      kind: 'StatefulSet',
      now: c.now,
      resourceVersion: c.state.resourceVersion,
    });
    expect(t.columnDefinitions.map((d) => d.name)).toEqual([
      'Name',
      'Ready',
      'Age',
      'Containers',
      'Images',
    ]);
    expect(t.rows[0]!.cells.slice(0, 2)).toEqual(['web', '2/2']);
    const revs = printTable(c.list('controllerrevisions', 'default'), {
      group: 'apps',
      kind: 'ControllerRevision',
      now: c.now,
      resourceVersion: c.state.resourceVersion,
    });
    expect(revs.rows[0]!.cells.slice(1, 3)).toEqual(['statefulset.apps/web', 1]);
  });
});

/**
 * A cluster that serves PersistentVolumeClaims: the storage part's kind when it is there, else a
 * bare stand-in (no binding), enough to watch the StatefulSet controller make and keep claims.
 */
function withClaims(): SimCluster {
  const c = new SimCluster();
  if (!c.registry.forKind('', 'PersistentVolumeClaim'))
    c.registry.register({
      group: '',
      version: 'v1',
      kind: 'PersistentVolumeClaim',
      plural: 'persistentvolumeclaims',
      singular: 'persistentvolumeclaim',
      shortNames: ['pvc'],
      namespaced: true,
      verbs: ALL_VERBS,
      hasStatus: true,
      generation: 'none',
    });
  return c;
}

const withData = (yaml: string, policy = '') =>
  yaml.replace('  selector:', `${policy}  selector:`) +
  `  volumeClaimTemplates:
  - metadata: { name: data }
    spec:
      accessModes: [ReadWriteOnce]
      resources: { requests: { storage: 1Gi } }
`;

const claims = (c: SimCluster) =>
  c
    .list('persistentvolumeclaims', 'default')
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => p.metadata.name);

describe('StatefulSet claims (volumeClaimTemplates)', () => {
  // Parallel sets, so nothing here waits for claims to bind (the storage part's business).
  const db = (replicas: number, policy = '') =>
    withData(sts('db', { replicas, policy: 'Parallel' }), policy);
  const added = (c: SimCluster, kind: string, name: string) =>
    c.state.changes.findIndex(
      (ch) => ch.type === 'ADDED' && ch.object.kind === kind && ch.object.metadata.name === name,
    );

  it('creates <template>-<set>-<ordinal> before each pod and mounts it', () => {
    const c = withClaims();
    c.apply(db(2));
    c.reconcile();
    expect(claims(c)).toEqual(['data-db-0', 'data-db-1']);
    const pvc = c.get('persistentvolumeclaims', 'default', 'data-db-1');
    expect(pvc.metadata.labels).toEqual({ app: 'db' });
    expect(pvc.spec).toMatchObject({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    });
    expect(pvc.metadata.ownerReferences).toBeUndefined();
    expect(added(c, 'PersistentVolumeClaim', 'data-db-1')).toBeLessThan(added(c, 'Pod', 'db-1'));
    const pod = podsOf(c, 'db')[1];
    expect(pod.spec.volumes[0]).toEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'data-db-1' },
    });
    expect(messages(c)).toEqual(
      expect.arrayContaining([
        'create Claim data-db-0 Pod db-0 in StatefulSet db success',
        'create Pod db-0 in StatefulSet db successful',
      ]),
    );
  });

  it('keeps the claims of pods scaled away, and reuses them on scale up', () => {
    const c = withClaims();
    c.apply(db(2));
    c.advance(10_000);
    c.patch('sts', 'default', 'db', { spec: { replicas: 1 } });
    c.runUntil(() => podsOf(c, 'db').length === 1);
    expect(claims(c)).toEqual(['data-db-0', 'data-db-1']);
    const uid = c.get('persistentvolumeclaims', 'default', 'data-db-1').metadata.uid;
    c.patch('sts', 'default', 'db', { spec: { replicas: 2 } });
    c.runUntil(() => podsOf(c, 'db').length === 2);
    expect(c.get('persistentvolumeclaims', 'default', 'data-db-1').metadata.uid).toBe(uid);
  });

  it('deletes claims with the pods scaled away when whenScaled is Delete', () => {
    const c = withClaims();
    c.apply(db(2, '  persistentVolumeClaimRetentionPolicy: { whenScaled: Delete }\n'));
    c.advance(10_000);
    expect(c.get('sts', 'default', 'db').spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Delete',
    });
    c.patch('sts', 'default', 'db', { spec: { replicas: 1 } });
    c.runUntil(() => podsOf(c, 'db').length === 1 && claims(c).length === 1, 5 * 60_000);
    expect(claims(c)).toEqual(['data-db-0']);
  });

  it('deletes claims with the set when whenDeleted is Delete', () => {
    const c = withClaims();
    c.apply(db(1, '  persistentVolumeClaimRetentionPolicy: { whenDeleted: Delete }\n'));
    c.advance(10_000);
    const set = c.get('sts', 'default', 'db');
    expect(
      c.get('persistentvolumeclaims', 'default', 'data-db-0').metadata.ownerReferences,
    ).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: set.metadata.uid }]);
    c.delete('sts', 'default', 'db');
    c.runUntil(() => claims(c).length === 0 && podsOf(c, 'db').length === 0, 5 * 60_000);
  });
});
