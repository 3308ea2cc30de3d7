import { SimCluster, printTable } from '../src';
import { applyIn, corpus, expected, namespace, refusal } from './resources-helpers';

// ResourceQuota: usage kept in status by the quota controller, refusals by the admission
// plugin ("exceeded quota", "must specify"), object counts and scopes — with the corpus
// manifests of the "Configure Memory and CPU Quotas", "Configure a Pod Quota" and "Configure
// Quotas for API Objects" tasks.

const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]';

function quotaCluster(file: string, ns: string) {
  const c = new SimCluster();
  namespace(c, ns);
  applyIn(c, corpus(`admin/resource/${file}`), ns);
  c.reconcile();
  return c;
}

describe('memory and CPU quota (admin/resource/quota-mem-cpu*.yaml)', () => {
  it('a new quota reports zero use of every limited resource', () => {
    const c = quotaCluster('quota-mem-cpu.yaml', 'quota-mem-cpu-example');
    expect(c.get('quota', 'quota-mem-cpu-example', 'mem-cpu-demo').status).toEqual({
      hard: {
        'limits.cpu': '2',
        'limits.memory': '2Gi',
        'requests.cpu': '1',
        'requests.memory': '1Gi',
      },
      used: {
        'limits.cpu': '0',
        'limits.memory': '0',
        'requests.cpu': '0',
        'requests.memory': '0',
      },
    });
  });

  it('quota-mem-cpu-pod runs and is counted in status.used', () => {
    const e = expected('admin/resource/quota-mem-cpu-pod.yaml');
    const c = quotaCluster('quota-mem-cpu.yaml', 'quota-mem-cpu-example');
    applyIn(c, corpus('admin/resource/quota-mem-cpu-pod.yaml'), 'quota-mem-cpu-example');
    c.advance(30_000);
    expect(c.get('pods', 'quota-mem-cpu-example', 'quota-mem-cpu-demo').status.phase).toBe(
      e.expect.pods.phase,
    );
    const status = c.get('quota', 'quota-mem-cpu-example', 'mem-cpu-demo').status;
    expect(status.hard).toEqual(e.expect['resourcequota/mem-cpu-demo'].hard);
    expect(status.used).toEqual(e.expect['resourcequota/mem-cpu-demo'].used);
  });

  it('refuses quota-mem-cpu-pod-2: its 700Mi would pass the 1Gi of requests', () => {
    const c = quotaCluster('quota-mem-cpu.yaml', 'quota-mem-cpu-example');
    applyIn(c, corpus('admin/resource/quota-mem-cpu-pod.yaml'), 'quota-mem-cpu-example');
    c.reconcile();
    const err = refusal(() =>
      applyIn(c, corpus('admin/resource/quota-mem-cpu-pod-2.yaml'), 'quota-mem-cpu-example'),
    );
    expect(err.code).toBe(403);
    expect(err.message).toBe(
      'pods "quota-mem-cpu-demo-2" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi',
    );
  });

  it('requires every container to state what the quota limits', () => {
    const c = quotaCluster('quota-mem-cpu.yaml', 'quota-mem-cpu-example');
    const err = refusal(() =>
      applyIn(
        c,
        `apiVersion: v1
kind: Pod
metadata: { name: memory-demo }
spec:
  containers:
  - name: memory-demo-ctr
    image: polinux/stress
    resources: { requests: { memory: 100Mi, cpu: 100m } }
  - name: sidecar
    image: nginx`,
        'quota-mem-cpu-example',
      ),
    );
    expect(err.message).toBe(
      'pods "memory-demo" is forbidden: failed quota: mem-cpu-demo: must specify limits.cpu for: memory-demo-ctr,sidecar; limits.memory for: memory-demo-ctr,sidecar; requests.cpu for: sidecar; requests.memory for: sidecar',
    );
  });

  it('frees the quota when the pod goes', () => {
    const c = quotaCluster('quota-mem-cpu.yaml', 'quota-mem-cpu-example');
    applyIn(c, corpus('admin/resource/quota-mem-cpu-pod.yaml'), 'quota-mem-cpu-example');
    c.advance(30_000);
    c.delete('pods', 'quota-mem-cpu-example', 'quota-mem-cpu-demo');
    c.advance(60_000);
    expect(c.get('quota', 'quota-mem-cpu-example', 'mem-cpu-demo').status.used).toEqual({
      'limits.cpu': '0',
      'limits.memory': '0',
      'requests.cpu': '0',
      'requests.memory': '0',
    });
    applyIn(c, corpus('admin/resource/quota-mem-cpu-pod-2.yaml'), 'quota-mem-cpu-example');
  });

  it('prints Used/Hard pairs, requests and limits apart (kubectl get quota)', () => {
    const c = quotaCluster('quota-mem-cpu.yaml', 'quota-mem-cpu-example');
    applyIn(c, corpus('admin/resource/quota-mem-cpu-pod.yaml'), 'quota-mem-cpu-example');
    c.reconcile();
    const rq = c.get('quota', 'quota-mem-cpu-example', 'mem-cpu-demo');
    const table = printTable([rq], { group: '', kind: 'ResourceQuota', now: c.now });
    expect(table.columnDefinitions.map((d: any) => d.name)).toEqual([
      'Name',
      'Age',
      'Request',
      'Limit',
    ]);
    expect(table.rows[0]!.cells).toEqual([
      'mem-cpu-demo',
      '0s',
      'requests.cpu: 400m/1, requests.memory: 600Mi/1Gi',
      'limits.cpu: 800m/2, limits.memory: 800Mi/2Gi',
    ]);
  });
});

describe('pod quota (admin/resource/quota-pod-deployment.yaml)', () => {
  it('runs two of the three replicas and reports the refusal on the ReplicaSet and Deployment', () => {
    const e = expected('admin/resource/quota-pod-deployment.yaml');
    const c = quotaCluster('quota-pod.yaml', 'quota-pod-example');
    applyIn(c, corpus('admin/resource/quota-pod-deployment.yaml'), 'quota-pod-example');
    c.advance(60_000);

    const pods = c.pods('quota-pod-example');
    expect(pods).toHaveLength(e.expect.pods.count);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(e.expect.pods.name_pattern));
      expect(p.status.phase).toBe(e.expect.pods.phase);
    }
    const d = c.get('deployments', 'quota-pod-example', 'pod-quota-demo');
    expect(d.spec.replicas).toBe(e.expect['deployment/pod-quota-demo']['spec.replicas']);
    expect(d.status.availableReplicas).toBe(
      e.expect['deployment/pod-quota-demo']['status.availableReplicas'],
    );
    expect(d.status.readyReplicas).toBe(
      e.expect['deployment/pod-quota-demo']['status.readyReplicas'],
    );

    const rss = c.list('replicasets', 'quota-pod-example');
    expect(rss).toHaveLength(e.expect.replicasets.count);
    const want = e.expect.replicasets.conditions.ReplicaFailure;
    const failure = rss[0].status.conditions.find((x: any) => x.type === 'ReplicaFailure');
    expect(failure).toMatchObject({ status: want.status, reason: want.reason });
    expect(failure.message).toContain(want.message_contains);
    expect(failure.message).toMatch(
      new RegExp(`^pods "pod-quota-demo-${SUFFIX}+-${SUFFIX}{5}" is forbidden: `),
    );
    // The Deployment shows the ReplicaSet's failure (getReplicaFailures).
    expect(d.status.conditions.find((x: any) => x.type === 'ReplicaFailure')).toMatchObject({
      status: 'True',
      reason: 'FailedCreate',
      message: failure.message,
    });

    const quota = c.get('quota', 'quota-pod-example', 'pod-demo').status;
    expect(quota).toEqual({
      hard: e.expect['resourcequota/pod-demo'].hard,
      used: e.expect['resourcequota/pod-demo'].used,
    });
  });

  it('records FailedCreate events on the ReplicaSet, retrying with back-off', () => {
    const c = quotaCluster('quota-pod.yaml', 'quota-pod-example');
    applyIn(c, corpus('admin/resource/quota-pod-deployment.yaml'), 'quota-pod-example');
    const first = c.reconcile();
    expect(first.converged).toBe(true);
    c.advance(10 * 60_000);
    const failed = c
      .events('quota-pod-example')
      .filter((ev) => ev.reason === 'FailedCreate' && ev.involvedObject.kind === 'ReplicaSet');
    expect(failed.length).toBeGreaterThan(1);
    // Retries slow down: far fewer than one a second over ten minutes.
    expect(failed.length).toBeLessThan(40);
    for (const ev of failed) {
      expect(ev.type).toBe('Warning');
      expect(ev.source.component).toBe('replicaset-controller');
      expect(ev.message).toMatch(
        /^Error creating: pods "pod-quota-demo-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: pod-demo, requested: pods=1, used: pods=2, limited: pods=2$/,
      );
    }
  });

  it('creates the third pod once the quota allows it', () => {
    const c = quotaCluster('quota-pod.yaml', 'quota-pod-example');
    applyIn(c, corpus('admin/resource/quota-pod-deployment.yaml'), 'quota-pod-example');
    c.advance(30_000);
    c.patch('quota', 'quota-pod-example', 'pod-demo', { spec: { hard: { pods: '3' } } });
    c.advance(20 * 60_000);
    expect(c.pods('quota-pod-example')).toHaveLength(3);
    const rs = c.list('replicasets', 'quota-pod-example')[0];
    expect(rs.status.conditions ?? []).toEqual([]);
    const d = c.get('deployments', 'quota-pod-example', 'pod-quota-demo');
    expect(d.status.conditions.map((x: any) => x.type)).not.toContain('ReplicaFailure');
  });
});

describe('object count quotas', () => {
  it('refuses a second Deployment under count/deployments.apps=1', () => {
    const c = new SimCluster();
    namespace(c, 'q');
    applyIn(
      c,
      `apiVersion: v1
kind: ResourceQuota
metadata: { name: objects }
spec: { hard: { count/deployments.apps: "1", services: "5", configmaps: "10" } }`,
      'q',
    );
    const deploy = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: c, image: nginx }] }`;
    applyIn(c, deploy('first'), 'q');
    c.reconcile();
    expect(refusal(() => applyIn(c, deploy('second'), 'q')).message).toBe(
      'deployments.apps "second" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
    );
    c.reconcile();
    // configmaps counts kube-root-ca.crt, which the namespace got on creation.
    expect(c.get('quota', 'q', 'objects').status.used).toEqual({
      configmaps: '1',
      'count/deployments.apps': '1',
      services: '0',
    });
  });

  it('counts node ports: quota-objects.yaml allows no NodePort Service', () => {
    const c = quotaCluster('quota-objects.yaml', 'quota-object-example');
    const err = refusal(() =>
      applyIn(
        c,
        `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: NodePort
  selector: { app: web }
  ports: [{ port: 80 }]`,
        'quota-object-example',
      ),
    );
    expect(err.message).toBe(
      'services "web" is forbidden: exceeded quota: object-quota-demo, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0',
    );
  });

  it('quota-objects-pvc-2 is refused: one claim is allowed', () => {
    const c = quotaCluster('quota-objects.yaml', 'quota-object-example');
    applyIn(c, corpus('admin/resource/quota-objects-pvc.yaml'), 'quota-object-example');
    c.reconcile();
    expect(
      refusal(() =>
        applyIn(c, corpus('admin/resource/quota-objects-pvc-2.yaml'), 'quota-object-example'),
      ).message,
    ).toBe(
      'persistentvolumeclaims "pvc-quota-demo-2" is forbidden: exceeded quota: object-quota-demo, requested: persistentvolumeclaims=1, used: persistentvolumeclaims=1, limited: persistentvolumeclaims=1',
    );
    expect(c.get('quota', 'quota-object-example', 'object-quota-demo').status.used).toEqual({
      persistentvolumeclaims: '1',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    });
  });

  it('limits requested storage', () => {
    const c = new SimCluster();
    namespace(c, 'q');
    applyIn(
      c,
      `apiVersion: v1
kind: ResourceQuota
metadata: { name: storage }
spec: { hard: { requests.storage: 5Gi } }`,
      'q',
    );
    applyIn(c, corpus('admin/resource/quota-objects-pvc.yaml'), 'q');
    c.reconcile();
    expect(
      refusal(() => applyIn(c, corpus('admin/resource/quota-objects-pvc-2.yaml'), 'q')).message,
    ).toBe(
      'persistentvolumeclaims "pvc-quota-demo-2" is forbidden: exceeded quota: storage, requested: requests.storage=4Gi, used: requests.storage=3Gi, limited: requests.storage=5Gi',
    );
  });
});

describe('quota scopes', () => {
  it('PriorityClass scopes charge each pod to the quota of its class (quota-objects-priority.yaml)', () => {
    const c = new SimCluster();
    applyIn(
      c,
      `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: high }
value: 1000000`,
    );
    applyIn(c, corpus('admin/resource/quota-objects-priority.yaml'));
    applyIn(c, corpus('policy/high-priority-pod.yaml'));
    c.reconcile();
    expect(c.get('quota', 'default', 'pods-high').status.used).toEqual({
      cpu: '500m',
      memory: '10Gi',
      pods: '1',
    });
    expect(c.get('quota', 'default', 'pods-low').status.used).toEqual({
      cpu: '0',
      memory: '0',
      pods: '0',
    });
  });

  it('a BestEffort quota counts only pods without requests or limits', () => {
    const c = new SimCluster();
    namespace(c, 'q');
    applyIn(
      c,
      `apiVersion: v1
kind: ResourceQuota
metadata: { name: best-effort }
spec:
  hard: { pods: "1" }
  scopes: [BestEffort]`,
      'q',
    );
    const pod = (name: string, resources = '{}') => `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec: { containers: [{ name: c, image: nginx, resources: ${resources} }] }`;
    applyIn(c, pod('a'), 'q');
    applyIn(c, pod('guaranteed', '{ limits: { cpu: 100m, memory: 64Mi } }'), 'q');
    expect(refusal(() => applyIn(c, pod('b'), 'q')).message).toBe(
      'pods "b" is forbidden: exceeded quota: best-effort, requested: pods=1, used: pods=1, limited: pods=1',
    );
    c.reconcile();
    expect(c.get('quota', 'q', 'best-effort').status.used).toEqual({ pods: '1' });
  });
});

describe('ResourceQuota validation', () => {
  const quota = (hard: string, extra = '') => `apiVersion: v1
kind: ResourceQuota
metadata: { name: bad }
spec:
  hard: ${hard}
${extra}`;

  it('refuses a resource quota cannot track, and a fraction of a pod', () => {
    const c = new SimCluster();
    expect(refusal(() => applyIn(c, quota('{ widgets: "1" }'))).message).toBe(
      'ResourceQuota "bad" is invalid: [spec.hard[widgets]: Invalid value: "widgets": must be a standard resource type or fully qualified, spec.hard[widgets]: Invalid value: widgets: must be a standard resource for quota]',
    );
    expect(refusal(() => applyIn(c, quota('{ pods: 1500m }'))).message).toContain(
      'spec.hard[pods]: Invalid value: resource.Quantity{i:resource.int64Amount{value:1500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1500m", Format:"DecimalSI"}: must be an integer',
    );
  });

  it('refuses a scope that cannot apply to the resources', () => {
    const c = new SimCluster();
    expect(
      refusal(() => applyIn(c, quota('{ requests.cpu: "1" }', '  scopes: [BestEffort]'))).message,
    ).toBe(
      'ResourceQuota "bad" is invalid: spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: unsupported scope applied to resource',
    );
  });
});
