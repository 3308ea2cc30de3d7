import { readFileSync } from 'fs';
import { SimCluster } from '../src';
import { clusterNetwork } from '../src/network';

// The documentation's networking and autoscaling manifests (fixtures/corpus), applied as a
// learner would, with what expected.json says a real cluster shows — and for the other in-scope
// files of those kinds, accepted or refused as a 1.32 server does.

const ROOT = `${__dirname}/fixtures/corpus`;
const corpus = (p: string) => readFileSync(`${ROOT}/website/${p}`, 'utf8');
const expected: any[] = JSON.parse(readFileSync(`${ROOT}/expected.json`, 'utf8'));
const index: any[] = JSON.parse(readFileSync(`${ROOT}/index.json`, 'utf8'));
const entry = (file: string) => expected.find((e) => e.file === file)!;

let seeds = 0;
/** The corpus's cluster: three nodes, the control plane untainted. */
function cluster(): SimCluster {
  const c = new SimCluster({ seed: `corpus-${seeds++}` });
  c.patch('nodes', '', 'kubelab-control-plane', { spec: { taints: null } });
  return c;
}

const readyAddresses = (c: SimCluster, name: string) =>
  (c.get('endpoints', 'default', name)?.subsets ?? []).flatMap((s: any) => s.addresses ?? [])
    .length;

describe('expected outcomes', () => {
  it('service/networking/example-ingress.yaml is refused: networking.k8s.io/v1beta1 is not served', () => {
    const e = entry('service/networking/example-ingress.yaml');
    expect(e.expect.apply).toBe('rejected');
    const c = cluster();
    expect(() => c.apply(corpus(e.file))).toThrow(e.expect.message_contains);
  });

  it('service/networking/network-policy-default-deny-ingress.yaml: selects every pod for Ingress and drops what comes in', () => {
    const e = entry('service/networking/network-policy-default-deny-ingress.yaml');
    const c = cluster();
    c.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx:1.27}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: shell, image: busybox:1.36, command: [sleep, '3600']}]}`);
    c.advance(60_000);
    const net = () => clusterNetwork(c.state, c.profile, c.now);
    const client = () => c.get('pods', 'default', 'client');
    expect(net().http(client(), 'http://web')).toMatchObject({ kind: 'response', status: 200 });
    c.apply(corpus(e.file));
    const np = c.get('netpol', 'default', 'default-deny-ingress');
    expect(np.spec.podSelector).toEqual({});
    expect(np.spec.policyTypes).toEqual(e.expect['networkpolicy/default-deny-ingress'].policyTypes);
    expect(np.status).toBeUndefined();
    expect(net().http(client(), 'http://web')).toMatchObject({ kind: 'error', error: 'timeout' });
    // Egress is unaffected.
    expect(net().resolve(client(), 'web')).toBeDefined();
    expect(net().http(client(), 'http://example.com/')).toMatchObject({
      kind: 'response',
      status: 200,
    });
  });

  it('application/guestbook/redis-leader-service.yaml: a ClusterIP Service on 6379 with one endpoint', () => {
    const e = entry('application/guestbook/redis-leader-service.yaml');
    const c = cluster();
    c.apply(corpus('application/guestbook/redis-leader-deployment.yaml'));
    c.apply(corpus(e.file));
    c.advance(2 * 60_000);
    const svc = c.get('svc', 'default', 'redis-leader');
    expect(svc.spec.type).toBe(e.expect['service/redis-leader'].type);
    expect(svc.spec.ports.map((p: any) => `${p.port}/${p.protocol}`)).toEqual(
      e.expect['service/redis-leader'].ports,
    );
    expect(readyAddresses(c, 'redis-leader')).toBe(e.expect['service/redis-leader'].endpoints);
    const pods = c.pods().filter((p) => p.metadata.name.startsWith('redis-leader-'));
    expect(pods).toHaveLength(e.expect.pods.count);
    expect(pods[0].metadata.name).toMatch(new RegExp(e.expect.pods.name_pattern));
    expect(pods[0].status.phase).toBe(e.expect.pods.phase);
    // Redis speaks its own protocol: resolvable, connectable, but not HTTP.
    c.apply(`apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: shell, image: busybox:1.36, command: [sleep, '3600']}]}`);
    c.advance(20_000);
    const net = clusterNetwork(c.state, c.profile, c.now);
    const client = c.get('pods', 'default', 'client');
    expect(net.resolve(client, 'redis-leader')?.addresses).toEqual([svc.spec.clusterIP]);
    expect(net.http(client, 'http://redis-leader:6379/', { method: 'CONNECT' })).toMatchObject({
      kind: 'response',
      status: 200,
    });
  });

  it('application/nginx-app.yaml: LoadBalancer Service pending an external IP, with three endpoints', () => {
    const e = entry('application/nginx-app.yaml');
    const c = cluster();
    const created = c.apply(corpus(e.file));
    expect(
      created.map(
        (o) =>
          `${o.kind.toLowerCase()}${o.kind === 'Deployment' ? '.apps' : ''}/${o.metadata.name} created`,
      ),
    ).toEqual(e.expect.apply_output);
    c.advance(2 * 60_000);
    const svc = c.get('svc', 'default', 'my-nginx-svc');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(svc.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
    expect(svc.status.loadBalancer).toEqual({});
    expect(readyAddresses(c, 'my-nginx-svc')).toBe(3);
    const d = c.get('deploy', 'default', 'my-nginx');
    expect(d.status.readyReplicas).toBe(3);
    const pods = c.pods().filter((p) => p.metadata.name.startsWith('my-nginx-'));
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(p.metadata.name).toMatch(new RegExp(e.expect.pods.name_pattern));
    // No external IP, but the node port answers on any node.
    const r = clusterNetwork(c.state, c.profile, c.now).http(
      undefined,
      `http://172.18.0.3:${svc.spec.ports[0].nodePort}/`,
    );
    expect(r).toMatchObject({ kind: 'response', status: 200 });
  });
});

describe('every networking and autoscaling manifest of the corpus', () => {
  const mine = new Set(['Ingress', 'IngressClass', 'NetworkPolicy', 'HorizontalPodAutoscaler']);
  const files = index.filter(
    (f) => f.scope === 'in' && f.objects.some((o: any) => mine.has(o.kind)),
  );

  it('covers the files the index lists', () => {
    expect(files.length).toBe(23);
  });

  for (const f of files) {
    const path = f.corpus_path.replace(/^manifests\//, '');
    const refused = f.flags.some((x: string) => x.startsWith('api-not-served:'));
    it(`${path} is ${refused ? 'refused' : 'accepted'}`, () => {
      const c = cluster();
      if (refused) {
        const gvk = f.flags[0].slice('api-not-served:'.length).split('/');
        const kind = gvk.pop();
        expect(() => c.apply(corpus(path))).toThrow(
          `no matches for kind "${kind}" in version "${gvk.join('/')}"`,
        );
        return;
      }
      const objs = c.apply(corpus(path));
      expect(objs.map((o) => o.metadata.name)).toEqual(f.objects.map((o: any) => o.name));
    });
  }
});

describe('DNS settings of the documentation\u2019s pods', () => {
  it('custom-dns.yaml: a pod with only an unreachable nameserver resolves nothing', () => {
    const c = cluster();
    c.apply(corpus('service/networking/custom-dns.yaml'));
    c.advance(60_000);
    const pod = c.get('pods', 'default', 'dns-example');
    expect(pod.status.phase).toBe('Running');
    const net = clusterNetwork(c.state, c.profile, c.now);
    expect(net.resolve(pod, 'kubernetes.default')).toBeUndefined();
    expect(net.resolve(pod, 'example.com')).toBeUndefined();
  });

  it('hostaliases-pod.yaml: its host aliases resolve from /etc/hosts', () => {
    const c = cluster();
    c.apply(corpus('service/networking/hostaliases-pod.yaml'));
    c.advance(30_000);
    const pod = c.get('pods', 'default', 'hostaliases-pod');
    const net = clusterNetwork(c.state, c.profile, c.now);
    expect(net.resolve(pod, 'foo.remote')?.addresses).toEqual(['10.1.2.3']);
    expect(net.resolve(pod, 'bar.local')?.addresses).toEqual(['127.0.0.1']);
  });
});
