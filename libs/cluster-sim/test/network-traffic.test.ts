import { SimCluster } from '../src';
import { clusterNetwork, clusterNetworkPort, type Delivery } from '../src/network';
import { instanceLogs, instanceOf } from '../src/kubelet/container-process';
import { deployment } from './helpers';

// Requests between pods: through a Service's cluster IP (spread over its ready endpoints), a
// node port, a load-balancer IP, straight to a pod; refused without endpoints, dropped by
// NetworkPolicies; the outside world when egress is allowed.

let seeds = 0;
function cluster(profile = {}): SimCluster {
  const c = new SimCluster({ seed: `traffic-${seeds++}`, profile });
  c.apply(deployment('web', { replicas: 3 }));
  c.apply(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {role: client}}
spec:
  containers: [{name: shell, image: busybox:1.36, command: [sleep, '3600']}]`);
  c.advance(60_000);
  return c;
}

const get = (
  c: SimCluster,
  url: string,
  from = 'client',
  headers?: Record<string, string>,
): Delivery =>
  clusterNetwork(c.state, c.profile, c.now).http(c.get('pods', 'default', from), url, { headers });

const body = (d: Delivery) => (d.kind === 'response' ? d.body : `${d.kind}:${d.error}`);

/** What a container printed, its script being `script` then sleep. */
function scriptOutput(c: SimCluster, script: string, labels = '{}'): string {
  c.apply(`apiVersion: v1
kind: Pod
metadata: {name: probe, labels: ${labels}}
spec:
  containers: [{name: probe, image: busybox:1.36, command: [sh, -c, "${script}; sleep 3600"]}]`);
  c.advance(20_000);
  const pod = c.get('pods', 'default', 'probe');
  const rt: any = c.state.get('sim.kubelab.io', 'PodRuntime', 'default', 'probe');
  return instanceLogs(instanceOf(c.state, pod, rt.record, rt.record.containers[0])!, c.now)
    .map((l) => l.line)
    .join('\n');
}

describe('through a Service', () => {
  it('returns what the pods behind the Service serve, by name and by cluster IP', () => {
    const c = cluster();
    const byName = get(c, 'http://web');
    expect(byName.kind).toBe('response');
    expect(body(byName)).toContain('<title>Welcome to nginx!</title>');
    const ip = c.get('svc', 'default', 'web').spec.clusterIP;
    const byIP = get(c, `http://${ip}/`);
    expect(byIP).toMatchObject({ kind: 'response', status: 200, ip, port: 80 });
  });

  it('spreads successive requests over the ready endpoints', () => {
    const c = cluster();
    const net = clusterNetwork(c.state, c.profile, c.now);
    const client = c.get('pods', 'default', 'client');
    const served = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const d = net.http(client, 'http://web.default.svc.cluster.local/');
      if (d.kind === 'response') served.add(d.pod.metadata.name);
    }
    expect(served.size).toBe(3);
  });

  it('gets a container\u2019s wget the page, and a 404 with busybox\u2019s words', () => {
    const c = cluster();
    const out = scriptOutput(c, 'wget -qO- http://web; wget -q -O- http://web/missing');
    expect(out).toContain('<h1>Welcome to nginx!</h1>');
    expect(out).toContain('wget: server returned error: HTTP/1.1 404 Not Found');
  });

  it('answers `kubectl exec client -- wget -qO- http://web` with the page', () => {
    const c = cluster();
    const r = c.exec('default', 'client', ['wget', '-qO-', 'http://web']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('<title>Welcome to nginx!</title>');
    expect(c.exec('default', 'client', ['wget', '-qO-', 'http://web:81'])).toMatchObject({
      exitCode: 1,
    });
  });

  it('refuses connections to a Service without ready endpoints', () => {
    const c = cluster();
    c.apply(`apiVersion: v1
kind: Service
metadata: {name: empty}
spec: {selector: {app: nothing}, ports: [{port: 80}]}`);
    c.advance(1_000);
    const ip = c.get('svc', 'default', 'empty').spec.clusterIP;
    expect(get(c, 'http://empty')).toEqual({ kind: 'error', error: 'refused', ip });
    expect(scriptOutput(c, 'wget -qO- http://empty')).toContain(
      `wget: can't connect to remote host (${ip}): Connection refused`,
    );
  });

  it('times out on a port the Service does not have', () => {
    const c = cluster();
    expect(body(get(c, 'http://web:8080'))).toBe('error:timeout');
  });

  it('says a name that does not exist is a bad address', () => {
    const c = cluster();
    expect(get(c, 'http://nope')).toEqual({ kind: 'error', error: 'unresolved' });
    expect(scriptOutput(c, 'wget -qO- http://nope')).toContain("wget: bad address 'nope'");
  });

  it('reaches a pod directly by its IP', () => {
    const c = cluster();
    const pod = c.pods().find((p) => p.metadata.name.startsWith('web-'))!;
    const d = get(c, `http://${pod.status.podIP}`);
    expect(d).toMatchObject({ kind: 'response', status: 200 });
    expect(d.kind === 'response' && d.pod.metadata.name).toBe(pod.metadata.name);
  });
});

describe('node ports and load balancers', () => {
  it('serves a NodePort Service on every node\u2019s IP', () => {
    const c = cluster();
    c.apply(`apiVersion: v1
kind: Service
metadata: {name: web-np}
spec: {type: NodePort, selector: {app: web}, ports: [{port: 3000, targetPort: 80, nodePort: 30100}]}`);
    c.advance(1_000);
    for (const ip of ['172.18.0.2', '172.18.0.3', '172.18.0.4'])
      expect(get(c, `http://${ip}:30100/`)).toMatchObject({
        kind: 'response',
        status: 200,
        ip,
        port: 30100,
      });
    // Nothing listens on another port of the node.
    expect(body(get(c, 'http://172.18.0.3:30101/'))).toBe('error:refused');
  });

  it('only forwards to local endpoints with externalTrafficPolicy Local', () => {
    const c = cluster();
    c.apply(`apiVersion: v1
kind: Service
metadata: {name: web-local}
spec: {type: NodePort, externalTrafficPolicy: Local, selector: {app: web}, ports: [{port: 80, nodePort: 30200}]}`);
    c.advance(1_000);
    const withPods = new Set(
      c
        .pods()
        .filter((p) => p.metadata.name.startsWith('web-'))
        .map((p) => p.spec.nodeName),
    );
    // The tainted control plane runs none of them: its node port drops the packets.
    expect(withPods.has('kubelab-control-plane')).toBe(false);
    expect(body(get(c, 'http://172.18.0.2:30200/'))).toBe('error:timeout');
    for (const [node, ip] of [
      ['kubelab-worker', '172.18.0.3'],
      ['kubelab-worker2', '172.18.0.4'],
    ])
      if (withPods.has(node))
        expect(get(c, `http://${ip}:30200/`)).toMatchObject({ kind: 'response', status: 200 });
  });

  it('reaches a LoadBalancer Service on its external IP when the profile has addresses to give', () => {
    const c = cluster({ loadBalancerIPs: ['172.18.255.200'] });
    c.apply(`apiVersion: v1
kind: Service
metadata: {name: web-lb}
spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 8080, targetPort: 80}]}`);
    c.advance(5_000);
    expect(c.get('svc', 'default', 'web-lb').status.loadBalancer.ingress).toEqual([
      { ip: '172.18.255.200', ipMode: 'VIP' },
    ]);
    expect(get(c, 'http://172.18.255.200:8080/')).toMatchObject({ kind: 'response', status: 200 });
  });
});

describe('NetworkPolicies', () => {
  it('drops all traffic to the pods of a namespace with default-deny-ingress', () => {
    const c = cluster();
    c.apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress}
spec: {podSelector: {}, policyTypes: [Ingress]}`);
    expect(body(get(c, 'http://web'))).toBe('error:timeout');
    // Egress is not affected: the client still reaches the outside world.
    expect(get(c, 'http://example.com/')).toMatchObject({ kind: 'response', status: 200 });
  });

  it('lets in only what a policy allows (access-nginx: pods labelled access=true)', () => {
    const c = cluster();
    c.apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: access-web}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{podSelector: {matchLabels: {access: "true"}}}]}]`);
    expect(body(get(c, 'http://web'))).toBe('error:timeout');
    const out = scriptOutput(c, 'wget -qO- -T 2 http://web', '{access: "true"}');
    expect(out).toContain('Welcome to nginx!');
  });

  it('does nothing when the profile\u2019s network does not enforce policies', () => {
    const c = cluster({ networkPolicies: false });
    c.apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress}
spec: {podSelector: {}, policyTypes: [Ingress]}`);
    expect(get(c, 'http://web')).toMatchObject({ kind: 'response', status: 200 });
  });
});

describe('the outside world', () => {
  it('answers downloads from the Internet when egress is allowed', () => {
    const c = cluster();
    const d = get(c, 'https://example.com/install.sh');
    expect(d).toMatchObject({ kind: 'response', status: 200 });
    expect(body(d)).toBe('simulated content of http://example.com/install.sh\n');
  });

  it('cannot resolve or reach the Internet when the profile forbids egress', () => {
    const c = cluster({ egress: false });
    expect(get(c, 'http://example.com/')).toEqual({ kind: 'error', error: 'unresolved' });
    expect(body(get(c, 'http://93.184.215.14/'))).toBe('error:timeout');
  });

  it('is what the kubelet\u2019s network port answers', () => {
    const c = cluster();
    const caller = {
      view: c.state,
      pod: c.get('pods', 'default', 'client'),
      now: c.now,
      clusterDomain: 'cluster.local',
      profile: c.profile,
    };
    expect(clusterNetworkPort.http(caller, 'http://web/')).toMatchObject({
      kind: 'response',
      status: 200,
    });
    expect(clusterNetworkPort.connect!(caller, 'web', 80)).toMatchObject({
      kind: 'response',
      status: 200,
      body: '',
    });
    expect(clusterNetworkPort.connect!(caller, 'web', 81)).toMatchObject({
      kind: 'error',
      error: 'timeout',
    });
  });
});
