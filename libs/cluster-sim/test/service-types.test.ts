import { SimCluster } from '../src';
import { deployment, settle } from './helpers';

// Service types as a learner sees them: a LoadBalancer gets an address only where the cluster
// profile has a load balancer (else EXTERNAL-IP stays <pending>), ExternalName has no cluster IP
// and no endpoints, a headless Service has no cluster IP but still lists its ready pods.

const service = (name: string, spec: string) => `
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
${spec}`;

const slices = (c: SimCluster, svc: string) =>
  c
    .list('EndpointSlice', 'default')
    .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);

describe('Service types', () => {
  it("a LoadBalancer stays <pending> without a load balancer, and gets the profile's address with one", () => {
    const lb = service(
      'web-lb',
      '  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80}]',
    );
    const bare = new SimCluster();
    bare.apply(lb);
    settle(bare);
    const pending = bare.get('Service', 'default', 'web-lb');
    expect(pending.status.loadBalancer).toEqual({});
    expect(pending.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);

    const cloud = new SimCluster({
      profile: { loadBalancerIPs: ['172.18.255.200', '172.18.255.201'] },
    });
    cloud.apply(lb);
    settle(cloud);
    expect(cloud.get('Service', 'default', 'web-lb').status.loadBalancer.ingress).toEqual([
      { ip: '172.18.255.200', ipMode: 'VIP' },
    ]);
  });

  it('an ExternalName Service has no cluster IP and no endpoints', () => {
    const c = new SimCluster();
    c.apply(service('db', '  type: ExternalName\n  externalName: db.example.com'));
    settle(c);
    const s = c.get('Service', 'default', 'db');
    expect(s.spec.clusterIP).toBeUndefined();
    expect(s.spec.externalName).toBe('db.example.com');
    expect(slices(c, 'db')).toEqual([]);
    expect(c.get('Endpoints', 'default', 'db')).toBeUndefined();
  });

  it('a headless Service has clusterIP None and still lists its ready pods', () => {
    const c = new SimCluster();
    c.apply(deployment('web', { replicas: 2 }));
    c.apply(
      service('web-headless', '  clusterIP: None\n  selector: {app: web}\n  ports: [{port: 80}]'),
    );
    settle(c);
    const s = c.get('Service', 'default', 'web-headless');
    expect(s.spec.clusterIP).toBe('None');
    expect(s.spec.clusterIPs).toEqual(['None']);
    const endpoints = slices(c, 'web-headless').flatMap((sl) => sl.endpoints ?? []);
    expect(endpoints).toHaveLength(2);
    expect(endpoints.every((e: any) => e.conditions.ready === true)).toBe(true);
    expect(slices(c, 'web-headless')[0].metadata.labels['service.kubernetes.io/headless']).toBe('');
  });
});
