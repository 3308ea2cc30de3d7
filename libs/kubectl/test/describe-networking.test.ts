import { SimCluster } from '@kubelab/cluster-sim';
import { KubectlSession, bufferIO, runKubectl } from '../src';
import { simTransport } from './sim-transport';

// kubectl describe for HorizontalPodAutoscalers, Ingresses, IngressClasses and NetworkPolicies.

jest.setTimeout(60_000);

function kubectl(c: SimCluster) {
  const { transport } = simTransport(c);
  const session = new KubectlSession({ transport, now: () => c.now });
  return async (line: string) => {
    const b = bufferIO();
    const code = await runKubectl(line.split(/\s+/).filter(Boolean), { session, io: b.io });
    return { code, out: b.stdout, err: b.stderr };
  };
}

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: nginx:1.27, resources: {requests: {cpu: 100m}}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}`;

describe('kubectl describe', () => {
  it('describes an HPA with its metrics, bounds, pods and conditions', async () => {
    const c = new SimCluster({ seed: 'describe-hpa' });
    c.apply(WEB);
    c.apply(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 5
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]`);
    c.advance(90_000);
    const r = await kubectl(c)('describe hpa web');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Name:                                                  web');
    expect(lines).toContain(
      'Reference:                                             Deployment/web',
    );
    expect(lines).toContain(
      'Metrics:                                               ( current / target )',
    );
    expect(
      lines.some((l) =>
        /^ {2}resource cpu on pods {2}\(as a percentage of request\): {2}\d+% \(\d+m\) \/ 50%$/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(lines).toContain('Min replicas:                                          1');
    expect(lines).toContain('Max replicas:                                          5');
    expect(lines).toContain(
      'Deployment pods:                                       1 current / 1 desired',
    );
    expect(lines).toContain('Conditions:');
    expect(
      lines.some((l) =>
        /^ {2}ScalingActive\s+True\s+ValidMetricFound\s+the HPA was able to successfully calculate a replica count from cpu resource utilization \(percentage of request\)$/.test(
          l,
        ),
      ),
    ).toBe(true);
  });

  it('describes an Ingress with its address, class, rules and backends\u2019 endpoints, and its Sync events', async () => {
    const c = new SimCluster({
      seed: 'describe-ing',
      profile: {
        ingressController: {
          component: 'nginx-ingress-controller',
          className: 'nginx',
          controller: 'k8s.io/ingress-nginx',
          address: '172.18.0.2',
        },
      },
    });
    c.apply(WEB);
    c.apply(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: example-ingress}
spec:
  ingressClassName: nginx
  rules:
  - host: hello-world.info
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]`);
    c.advance(90_000);
    const ip = c.pods().find((p) => p.metadata.name.startsWith('web-'))!.status.podIP;
    const r = await kubectl(c)('describe ingress example-ingress');
    expect(r.code).toBe(0);
    const out = r.out.split('\n');
    expect(out.slice(0, 8)).toEqual([
      'Name:             example-ingress',
      'Labels:           <none>',
      'Namespace:        default',
      'Address:          172.18.0.2',
      'Ingress Class:    nginx',
      'Default backend:  <default>',
      'Rules:',
      '  Host              Path  Backends',
    ]);
    expect(out[8]).toBe('  ----              ----  --------');
    expect(out[9]).toBe('  hello-world.info  ');
    expect(out[10]).toBe(`                    /   web:80 (${ip}:80)`);
    expect(out[11]).toBe('Annotations:        <none>');
    expect(r.out).toMatch(
      /Normal {2}Sync {4}\S+ \(x2 over \S+\) {2}nginx-ingress-controller {2}Scheduled for sync/,
    );
  });

  it('describes the default-deny-ingress NetworkPolicy in words', async () => {
    const c = new SimCluster({ seed: 'describe-np' });
    c.apply(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress}
spec: {podSelector: {}, policyTypes: [Ingress]}`);
    const r = await kubectl(c)('describe netpol default-deny-ingress');
    expect(r.out).toBe(
      [
        'Name:         default-deny-ingress',
        'Namespace:    default',
        'Created on:   2026-01-05 09:00:00 +0000 UTC',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Spec:',
        '  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)',
        '  Allowing ingress traffic:',
        '    <none> (Selected pods are isolated for ingress connectivity)',
        '  Not affecting egress traffic',
        '  Policy Types: Ingress',
        '',
      ].join('\n'),
    );
  });
});
