import { StatusError } from '@kubelab/apimachinery';
import { SimCluster } from '../src';

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse');
}

const depl = (extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers: [{name: c, image: nginx}]
${extra}`;

describe('defaulting', () => {
  it('gives a Deployment RollingUpdate 25%/25%, 1 replica, history 10, deadline 600', () => {
    const c = new SimCluster();
    const [d] = c.apply(depl()) as any[];
    expect(d.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
    });
    expect(d.spec.template.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
    });
    expect(d.spec.template.spec.containers[0]).toMatchObject({
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      resources: {},
    });
    expect(d.spec.template.metadata.creationTimestamp).toBeNull();
  });

  it('derives imagePullPolicy from the tag', () => {
    const c = new SimCluster();
    const mk = (name: string, image: string) =>
      c.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { containers: [{ name: 'c', image }] },
      } as any) as any;
    expect(mk('a', 'nginx').spec.containers[0].imagePullPolicy).toBe('Always');
    expect(mk('b', 'nginx:latest').spec.containers[0].imagePullPolicy).toBe('Always');
    expect(mk('c', 'nginx:1.27').spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(mk('d', 'localhost:5000/app').spec.containers[0].imagePullPolicy).toBe('Always');
    expect(mk('e', 'nginx@sha256:abcd').spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  it('defaults a Service: ClusterIP from 10.96.0.0/12, TCP, targetPort = port; NodePorts in 30000-32767', () => {
    const c = new SimCluster();
    const svc = c.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { selector: { a: 'b' }, ports: [{ port: 8080 }] },
    } as any) as any;
    expect(svc.spec).toMatchObject({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      ports: [{ port: 8080, targetPort: 8080, protocol: 'TCP' }],
    });
    const ip = svc.spec.clusterIP.split('.').map(Number);
    expect(ip[0]).toBe(10);
    expect(ip[1]).toBeGreaterThanOrEqual(96);
    expect(ip[1]).toBeLessThanOrEqual(111);
    expect(svc.spec.clusterIPs).toEqual([svc.spec.clusterIP]);
    const np = c.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'n' },
      spec: {
        type: 'NodePort',
        selector: { a: 'b' },
        ports: [{ port: 80 }, { port: 81, name: 'b' }].map((p, i) => ({
          ...p,
          name: i ? 'b' : 'a',
        })),
      },
    } as any) as any;
    for (const p of np.spec.ports) {
      expect(p.nodePort).toBeGreaterThanOrEqual(30000);
      expect(p.nodePort).toBeLessThanOrEqual(32767);
    }
    expect(np.spec.externalTrafficPolicy).toBe('Cluster');
    expect(np.spec.ports[0].nodePort).not.toBe(np.spec.ports[1].nodePort);
  });

  it('gives pods their service account token volume, default tolerations and priority', () => {
    const c = new SimCluster();
    c.advance(1000); // the namespace controller makes the default ServiceAccount
    const p = c.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    } as any) as any;
    expect(p.spec.serviceAccountName).toBe('default');
    expect(p.spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.spec.containers[0].volumeMounts[0]).toEqual({
      name: p.spec.volumes[0].name,
      readOnly: true,
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
    });
    expect(p.spec.tolerations.map((t: any) => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
    ]);
    expect(p.spec).toMatchObject({
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      enableServiceLinks: true,
    });
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('computes QoS classes from requests and limits', () => {
    const c = new SimCluster();
    const mk = (name: string, resources: any) =>
      (
        c.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name },
          spec: { containers: [{ name: 'c', image: 'nginx', resources }] },
        } as any) as any
      ).status.qosClass;
    expect(mk('g', { limits: { cpu: '500m', memory: '1024Mi' } })).toBe('Guaranteed');
    expect(mk('b', { requests: { cpu: '500m' } })).toBe('Burstable');
    expect(mk('e', {})).toBe('BestEffort');
  });
});

describe('validation', () => {
  it('refuses names that are not DNS-1123 subdomains, with the real message', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'My_Config' },
        data: {},
      } as any),
    );
    expect(err.message).toBe(
      `ConfigMap "My_Config" is invalid: metadata.name: Invalid value: "My_Config": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  });

  it('refuses a negative replica count', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply(depl().replace('spec:\n  selector', 'spec:\n  replicas: -1\n  selector')),
    );
    expect(err.message).toBe(
      'Deployment.apps "d" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it("keeps a Deployment's selector immutable", () => {
    const c = new SimCluster();
    c.apply(depl());
    const err = refusal(() =>
      c.patch('deployments', 'default', 'd', {
        spec: {
          selector: { matchLabels: { app: 'e' } },
          template: { metadata: { labels: { app: 'e' } } },
        },
      }),
    );
    expect(err.message).toBe(
      'Deployment.apps "d" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"e"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it("keeps a Service's clusterIP immutable", () => {
    const c = new SimCluster();
    const svc = c.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80 }] },
    } as any) as any;
    const err = refusal(() =>
      c.patch('services', 'default', 's', {
        spec: { clusterIP: '10.96.9.9', clusterIPs: ['10.96.9.9'] },
      }),
    );
    expect(err.message).toBe(
      'Service "s" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.9.9"}: may not change once set'.replace(
        '[]string{"10.96.9.9"}',
        '["10.96.9.9"]',
      ),
    );
    expect(c.get('services', 'default', 's').spec.clusterIP).toBe(svc.spec.clusterIP);
  });

  it('refuses quantities that are not quantities, while decoding (400), as the real server does', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'q' },
        spec: {
          containers: [{ name: 'c', image: 'nginx', resources: { requests: { memory: '1 GB' } } }],
        },
      } as any),
    );
    expect(err.code).toBe(400);
    expect(err.message).toBe(
      `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });

  it('refuses unknown fields under fieldValidation=Strict, warns under Warn, drops them under Ignore', () => {
    const c = new SimCluster();
    const body = (name: string) =>
      ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name },
        data: { a: 'b' },
        dta: { typo: 'x' },
      }) as any;
    const strict = refusal(() => c.create(body('s'), { fieldValidation: 'Strict' }));
    expect(strict.code).toBe(400);
    expect(strict.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dta"',
    );
    expect(c.get('configmaps', 'default', 's')).toBeUndefined();
    const t = c.type('configmaps');
    const warned = c.sim.core.create(
      c.state,
      t,
      'default',
      body('w'),
      c.requestOptions({ fieldValidation: 'Warn' }),
    );
    expect(warned.warnings).toEqual(['unknown field "dta"']);
    expect((warned.object as any).dta).toBeUndefined();
    const ignored = c.sim.core.create(
      c.state,
      t,
      'default',
      body('i'),
      c.requestOptions({ fieldValidation: 'Ignore' }),
    );
    expect(ignored.warnings).toEqual([]);
  });

  it("reports wrong field types with the decoder's text", () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply(depl().replace('spec:\n  selector', 'spec:\n  replicas: "3"\n  selector')),
    );
    expect(err.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('requires pod containers and images', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'x' },
        spec: { containers: [{ name: 'c' }] },
      } as any),
    );
    expect(err.message).toBe('Pod "x" is invalid: spec.containers[0].image: Required value');
  });

  it('refuses most pod spec changes after creation', () => {
    const c = new SimCluster();
    c.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'x' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    } as any);
    const err = refusal(() =>
      c.patch('pods', 'default', 'x', { spec: { restartPolicy: 'Never' } }),
    );
    expect(err.message).toMatch(
      /^Pod "x" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/,
    );
    // The image may change.
    c.patch(
      'pods',
      'default',
      'x',
      { spec: { containers: [{ name: 'c', image: 'nginx:1.28' }] } },
      'strategic',
    );
    expect(c.get('pods', 'default', 'x').spec.containers[0].image).toBe('nginx:1.28');
  });
});

describe('object metadata', () => {
  it('fills uid, creationTimestamp, resourceVersion and generation; generateName adds 5 characters', () => {
    const c = new SimCluster();
    const cm = c.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { generateName: 'cfg-' },
      data: { a: 'b' },
    } as any) as any;
    expect(cm.metadata.name).toMatch(/^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(cm.metadata.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(cm.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(cm.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(cm.metadata.generation).toBeUndefined();
  });

  it('bumps generation on spec changes only, and resourceVersion on every change', () => {
    const c = new SimCluster();
    const [d] = c.apply(depl()) as any[];
    expect(d.metadata.generation).toBe(1);
    const labelled = c.patch('deployments', 'default', 'd', {
      metadata: { labels: { team: 'a' } },
    }) as any;
    expect(labelled.metadata.generation).toBe(1);
    expect(Number(labelled.metadata.resourceVersion)).toBeGreaterThan(
      Number(d.metadata.resourceVersion),
    );
    const scaled = c.patch('deployments', 'default', 'd', { spec: { replicas: 4 } }) as any;
    expect(scaled.metadata.generation).toBe(2);
    // A no-op write changes nothing, not even the resourceVersion.
    const again = c.patch('deployments', 'default', 'd', { spec: { replicas: 4 } }) as any;
    expect(again.metadata.resourceVersion).toBe(scaled.metadata.resourceVersion);
  });

  it('answers 409 Conflict to an update with a stale resourceVersion', () => {
    const c = new SimCluster();
    const cm = c.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { a: '1' },
    } as any) as any;
    c.patch('configmaps', 'default', 'x', { data: { a: '2' } });
    const t = c.type('configmaps');
    const err = refusal(() =>
      c.sim.core.update(
        c.state,
        t,
        'default',
        'x',
        { ...cm, data: { a: '3' } },
        c.requestOptions(),
      ),
    );
    expect(err.code).toBe(409);
    expect(err.message).toBe(
      'Operation cannot be fulfilled on configmaps "x": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('answers AlreadyExists and NotFound with the real messages', () => {
    const c = new SimCluster();
    c.apply(depl());
    expect(refusal(() => c.create(require('yaml').parse(depl()))).message).toBe(
      'deployments.apps "d" already exists',
    );
    expect(refusal(() => c.delete('pods', 'default', 'nope')).message).toBe(
      'pods "nope" not found',
    );
  });
});

describe('namespaces', () => {
  it('a new namespace gets its name label, a default ServiceAccount and kube-root-ca.crt', () => {
    const c = new SimCluster();
    const ns = c.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    } as any) as any;
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-a' });
    expect(ns.spec.finalizers).toEqual(['kubernetes']);
    expect(ns.status.phase).toBe('Active');
    c.reconcile();
    expect(c.get('serviceaccounts', 'team-a', 'default')).toBeDefined();
    expect(c.get('configmaps', 'team-a', 'kube-root-ca.crt').data['ca.crt']).toMatch(
      /BEGIN CERTIFICATE/,
    );
  });

  it('creating in a missing namespace answers 404; in a terminating one, 403', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x', namespace: 'ingress-nginx' },
      } as any),
    );
    expect(err.code).toBe(404);
    expect(err.message).toBe('namespaces "ingress-nginx" not found');
    c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone' } } as any);
    c.reconcile(); // its default ServiceAccount, without which pods are refused (as in a real cluster)
    c.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'gone' },
      spec: {
        automountServiceAccountToken: false,
        containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }],
      },
    } as any);
    c.advance(10_000);
    c.delete('namespaces', '', 'gone');
    const err2 = refusal(() =>
      c.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'y', namespace: 'gone' },
      } as any),
    );
    expect(err2.code).toBe(403);
    expect(err2.message).toBe(
      'configmaps "y" is forbidden: unable to create new content in namespace gone because it is being terminated',
    );
  });

  it('stays Terminating until its contents are gone (pods honour their grace period)', () => {
    const c = new SimCluster();
    c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tmp' } } as any);
    c.reconcile();
    c.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'sleeper', namespace: 'tmp' },
      spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] },
    } as any);
    c.advance(10_000);
    c.delete('namespaces', '', 'tmp');
    c.reconcile();
    expect(c.get('namespaces', '', 'tmp').status.phase).toBe('Terminating');
    c.advance(20_000);
    expect(c.get('namespaces', '', 'tmp')).toBeDefined();
    // busybox ignores SIGTERM: it goes when the 30 s grace period ends.
    c.advance(15_000);
    expect(c.get('namespaces', '', 'tmp')).toBeUndefined();
  });

  it('refuses to delete default and kube-system', () => {
    const c = new SimCluster();
    expect(refusal(() => c.delete('namespaces', '', 'default')).message).toBe(
      'namespaces "default" is forbidden: this namespace may not be deleted',
    );
  });
});

describe('garbage collection', () => {
  function withDeployment() {
    const c = new SimCluster();
    c.apply(depl().replace('spec:\n  selector', 'spec:\n  replicas: 2\n  selector'));
    c.advance(10_000);
    return c;
  }
  const pods = (c: SimCluster) => c.pods().filter((p) => p.metadata.name.startsWith('d-'));

  it('background: deleting a Deployment deletes its ReplicaSet, then its pods', () => {
    const c = withDeployment();
    c.delete('deployments', 'default', 'd', { propagationPolicy: 'Background' });
    expect(c.get('deployments', 'default', 'd')).toBeUndefined();
    c.reconcile();
    expect(c.list('replicasets', 'default')).toHaveLength(0);
    expect(pods(c).every((p) => p.metadata.deletionTimestamp)).toBe(true);
    c.advance(5_000);
    expect(pods(c)).toHaveLength(0);
  });

  it('foreground: the owner stays, with deletionTimestamp, until its dependents are gone', () => {
    const c = withDeployment();
    c.delete('deployments', 'default', 'd', { propagationPolicy: 'Foreground' });
    const d = c.get('deployments', 'default', 'd');
    expect(d.metadata.deletionTimestamp).toBeDefined();
    expect(d.metadata.finalizers).toEqual(['foregroundDeletion']);
    c.advance(10_000);
    expect(pods(c)).toHaveLength(0);
    expect(c.get('deployments', 'default', 'd')).toBeUndefined();
  });

  it('orphan: the dependents stay, without their owner reference', () => {
    const c = withDeployment();
    const [rs] = c.list('replicasets', 'default');
    c.delete('replicasets', 'default', rs.metadata.name, { propagationPolicy: 'Orphan' });
    c.advance(5_000);
    // The Deployment makes a new ReplicaSet, which adopts the orphaned pods (same labels).
    expect(pods(c)).toHaveLength(2);
    expect(pods(c).every((p) => !p.metadata.deletionTimestamp)).toBe(true);
  });
});

describe('ReplicaSets', () => {
  it('adopt matching orphan pods and release pods whose labels stop matching', () => {
    const c = new SimCluster();
    c.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', labels: { app: 'r' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    } as any);
    c.apply(`apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: r}
spec:
  replicas: 2
  selector: {matchLabels: {app: r}}
  template:
    metadata: {labels: {app: r}}
    spec:
      containers: [{name: c, image: nginx}]`);
    c.advance(5_000);
    const owned = c.pods().filter((p) => p.metadata.ownerReferences?.[0]?.name === 'r');
    expect(owned.map((p) => p.metadata.name)).toContain('stray');
    expect(owned).toHaveLength(2);
    c.patch('pods', 'default', 'stray', { metadata: { labels: { app: 'other' } } });
    c.advance(5_000);
    expect(c.get('pods', 'default', 'stray').metadata.ownerReferences).toBeUndefined();
    expect(c.pods().filter((p) => p.metadata.ownerReferences?.[0]?.name === 'r')).toHaveLength(2);
  });
});
