import { SimCluster } from '../src';
import {
  clusterNetwork,
  clusterNetworkPort,
  queryDNS,
  NetworkContext,
  defaultContainerServer,
} from '../src/network';
import { instanceLogs, instanceOf } from '../src/kubelet/container-process';
import { deployment } from './helpers';

// What a pod's resolver gets from cluster DNS: Services by short name, namespace and full name,
// headless Services' pod addresses and per-pod names, StatefulSet pods' stable names,
// ExternalName CNAMEs, the outside world, and NXDOMAIN — and what busybox's nslookup prints.

const CLIENT = `apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: shell, image: busybox:1.36, command: [sleep, '3600']}]`;

const service = (name: string, extra = '') => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80}]
${extra}`;

// Each test its own seed: the kubelet memoises container scripts by pod uid, and equal seeds
// make equal uids in different clusters.
let seeds = 0;
function cluster(): SimCluster {
  const c = new SimCluster({ seed: `dns-${seeds++}` });
  c.apply(deployment('web', { replicas: 2 }));
  c.apply(service('web'));
  c.apply(CLIENT);
  c.advance(60_000);
  return c;
}

const net = (c: SimCluster) => clusterNetwork(c.state, c.profile, c.now);
const client = (c: SimCluster) => c.get('pods', 'default', 'client');

/** The log of a container whose script runs the given commands, then sleeps. */
function scriptOutput(c: SimCluster, script: string, image = 'busybox:1.36'): string {
  c.apply(`apiVersion: v1
kind: Pod
metadata: {name: probe}
spec:
  containers: [{name: probe, image: "${image}", command: [sh, -c, "${script}; sleep 3600"]}]`);
  c.advance(20_000);
  const pod = c.get('pods', 'default', 'probe');
  const rt: any = c.state.get('sim.kubelab.io', 'PodRuntime', 'default', 'probe');
  const inst = instanceOf(c.state, pod, rt.record, rt.record.containers[0]);
  return instanceLogs(inst!, c.now)
    .map((l) => l.line)
    .join('\n');
}

describe('Service names', () => {
  it('resolves a Service by its short name, with its namespace, and fully qualified', () => {
    const c = cluster();
    const ip = c.get('svc', 'default', 'web').spec.clusterIP;
    for (const name of ['web', 'web.default', 'web.default.svc', 'web.default.svc.cluster.local'])
      expect(net(c).resolve(client(c), name)).toEqual({
        name: 'web.default.svc.cluster.local',
        addresses: [ip],
        canonical: undefined,
      });
    expect(net(c).resolve(client(c), 'kubernetes.default')?.addresses).toEqual(['10.96.0.1']);
    expect(net(c).resolve(client(c), 'kube-dns.kube-system')?.addresses).toEqual(['10.96.0.10']);
  });

  it('does not find a Service of another namespace by its short name', () => {
    const c = cluster();
    expect(net(c).resolve(client(c), 'kube-dns')).toBeUndefined();
    expect(net(c).resolve(client(c), 'web.other')).toBeUndefined();
  });

  it('answers NXDOMAIN for names that do not exist, in and out of the cluster domain', () => {
    const c = cluster();
    const ctx = new NetworkContext(c.state, c.profile, c.now, defaultContainerServer(c.state));
    expect(queryDNS(ctx, 'nope.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(queryDNS(ctx, 'web.default.svc.cluster.local', 'A')).toEqual({
      rcode: 'NOERROR',
      authoritative: true,
      records: [
        {
          name: 'web.default.svc.cluster.local',
          type: 'A',
          value: c.get('svc', 'default', 'web').spec.clusterIP,
        },
      ],
    });
    // A name without a public top-level domain does not exist upstream either.
    expect(queryDNS(ctx, 'kubernetes.default', 'A').rcode).toBe('NXDOMAIN');
  });

  it('gives pods <ip-with-dashes>.<namespace>.pod names and Services reverse names', () => {
    const c = cluster();
    const ctx = new NetworkContext(c.state, c.profile, c.now, defaultContainerServer(c.state));
    const ip = client(c).status.podIP as string;
    const name = `${ip.replace(/\./g, '-')}.default.pod.cluster.local`;
    expect(queryDNS(ctx, name, 'A').records).toEqual([{ name, type: 'A', value: ip }]);
    expect(queryDNS(ctx, '1.0.96.10.in-addr.arpa', 'PTR').records[0]?.value).toBe(
      'kubernetes.default.svc.cluster.local',
    );
  });
});

describe('headless Services and StatefulSet pods', () => {
  it('answers a headless Service with the ready pods\u2019 addresses and per-pod names', () => {
    const c = cluster();
    c.apply(service('web-headless', '  clusterIP: None').replace('app: web-headless', 'app: web'));
    c.advance(5_000);
    const podIPs = c
      .pods()
      .filter((p) => p.metadata.name.startsWith('web-'))
      .map((p) => p.status.podIP)
      .sort();
    const r = net(c).resolve(client(c), 'web-headless');
    expect(r?.name).toBe('web-headless.default.svc.cluster.local');
    expect([...r!.addresses].sort()).toEqual(podIPs);
    const dashed = `${podIPs[0].replace(/\./g, '-')}.web-headless.default.svc.cluster.local`;
    expect(net(c).resolve(client(c), dashed)?.addresses).toEqual([podIPs[0]]);
  });

  it('gives each StatefulSet pod a stable name under its governing headless Service', () => {
    const c = cluster();
    c.apply(`apiVersion: v1
kind: Service
metadata: {name: nginx}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 80, name: web}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: nginx
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: nginx, image: nginx:1.27}]}`);
    c.advance(60_000);
    const db0 = c.get('pods', 'default', 'db-0');
    expect(net(c).resolve(client(c), 'db-0.nginx')).toEqual({
      name: 'db-0.nginx.default.svc.cluster.local',
      addresses: [db0.status.podIP],
      canonical: undefined,
    });
    expect(net(c).resolve(client(c), 'db-1.nginx.default.svc.cluster.local')?.addresses).toEqual([
      c.get('pods', 'default', 'db-1').status.podIP,
    ]);
  });
});

describe('ExternalName and the outside world', () => {
  it('answers an ExternalName Service with a CNAME to its external name', () => {
    const c = cluster();
    c.apply(`apiVersion: v1
kind: Service
metadata: {name: my-database}
spec: {type: ExternalName, externalName: db.example.com}`);
    const r = net(c).resolve(client(c), 'my-database');
    expect(r?.name).toBe('my-database.default.svc.cluster.local');
    expect(r?.canonical).toBe('db.example.com');
    expect(r?.addresses).toHaveLength(1);
    expect(
      clusterNetworkPort.resolve(
        { view: c.state, pod: client(c), now: c.now, clusterDomain: 'cluster.local' },
        'my-database',
      ),
    ).toEqual({
      name: 'my-database.default.svc.cluster.local',
      addresses: r!.addresses,
      canonicalName: 'db.example.com',
    });
  });

  it('resolves public names when the profile allows egress, and nothing when it does not', () => {
    const c = cluster();
    expect(net(c).resolve(client(c), 'example.com')?.addresses).toHaveLength(1);
    const closed = new SimCluster({ profile: { egress: false } });
    closed.apply(CLIENT);
    closed.advance(30_000);
    expect(
      clusterNetwork(closed.state, closed.profile, closed.now).resolve(
        closed.get('pods', 'default', 'client'),
        'example.com',
      ),
    ).toBeUndefined();
  });

  it('does not give cluster names to a pod with dnsPolicy Default', () => {
    const c = cluster();
    c.apply(`apiVersion: v1
kind: Pod
metadata: {name: nodedns}
spec:
  dnsPolicy: Default
  containers: [{name: shell, image: busybox:1.36, command: [sleep, '3600']}]`);
    c.advance(20_000);
    const pod = c.get('pods', 'default', 'nodedns');
    expect(net(c).resolve(pod, 'web')).toBeUndefined();
    expect(net(c).resolve(pod, 'example.com')).toBeDefined();
  });
});

describe('nslookup in a container', () => {
  it('prints the Service address the way busybox 1.36 does', () => {
    const c = cluster();
    const ip = c.get('svc', 'default', 'web').spec.clusterIP;
    expect(scriptOutput(c, 'nslookup web')).toBe(
      `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${ip}\n`,
    );
  });

  it('answers `kubectl exec client -- nslookup kubernetes.default`', () => {
    const c = cluster();
    expect(c.exec('default', 'client', ['nslookup', 'kubernetes.default'])).toEqual({
      stdout:
        'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('says the server cannot find a name that does not exist', () => {
    const c = cluster();
    expect(scriptOutput(c, 'nslookup nope')).toContain("** server can't find nope: NXDOMAIN");
  });
});

describe('DNS and NetworkPolicies', () => {
  it('fails name resolution when an egress policy blocks the pod from CoreDNS', () => {
    const c = cluster();
    c.apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-egress}
spec: {podSelector: {}, policyTypes: [Egress]}`);
    expect(net(c).resolve(client(c), 'web')).toBeUndefined();
    c.apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
    ports: [{port: 53, protocol: UDP}]`);
    expect(net(c).resolve(client(c), 'web')?.name).toBe('web.default.svc.cluster.local');
  });
});
