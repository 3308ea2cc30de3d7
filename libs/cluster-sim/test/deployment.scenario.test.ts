import { SimCluster } from '../src';

const nginx = (replicas = 3, image = 'nginx:1.27') => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
`;

const POD_NAME = /^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

describe('a Deployment', () => {
  it('reaches 3 Running pods named <deployment>-<hash>-<5 chars>', () => {
    const c = new SimCluster();
    c.apply(nginx());
    c.runUntil(
      () =>
        c.pods().filter((p) => p.metadata.name.startsWith('web-') && p.status.phase === 'Running')
          .length === 3,
      60_000,
    );
    const pods = c.pods().filter((p) => p.metadata.name.startsWith('web-'));
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(POD_NAME);
      expect(p.status.containerStatuses[0].ready).toBe(true);
      expect(p.spec.nodeName).toMatch(/^kubelab-worker2?$/);
      expect(p.status.podIP).toMatch(/^10\.244\.[12]\.\d+$/);
    }
    const rs = c.list('replicasets', 'default');
    expect(rs).toHaveLength(1);
    const hash = rs[0].metadata.labels['pod-template-hash'];
    expect(rs[0].metadata.name).toBe(`web-${hash}`);
    for (const p of pods) expect(p.metadata.name.startsWith(`web-${hash}-`)).toBe(true);
    const d = c.get('deployments', 'default', 'web');
    expect(d.status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    expect(d.status.conditions.map((x: any) => [x.type, x.status, x.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    const reasons = c.events('default').map((e) => e.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'ScalingReplicaSet',
        'SuccessfulCreate',
        'Scheduled',
        'Pulling',
        'Pulled',
        'Created',
        'Started',
      ]),
    );
    const scaling = c.events('default').find((e) => e.reason === 'ScalingReplicaSet');
    expect(scaling.message).toBe(`Scaled up replica set web-${hash} to 3`);
  });
});
