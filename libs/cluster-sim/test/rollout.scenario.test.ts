import { SimCluster } from '../src';
import { deployment, ready, running } from './helpers';

function rsOf(c: SimCluster, name: string) {
  return c.list('replicasets', 'default').filter((rs) => rs.metadata.name.startsWith(`${name}-`));
}

describe('rolling updates', () => {
  it.each([
    ['25%/25% (defaults)', '', 3, 1, 0],
    [
      'maxSurge 1, maxUnavailable 0',
      '  strategy:\n    type: RollingUpdate\n    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }',
      4,
      1,
      0,
    ],
    [
      'maxSurge 0, maxUnavailable 1',
      '  strategy:\n    type: RollingUpdate\n    rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }',
      4,
      0,
      1,
    ],
    [
      'maxSurge 2, maxUnavailable 2',
      '  strategy:\n    type: RollingUpdate\n    rollingUpdate: { maxSurge: 2, maxUnavailable: 2 }',
      6,
      2,
      2,
    ],
  ])(
    'changing the image rolls out in steps within %s',
    (_label, strategy, replicas, surge, unavailable) => {
      const c = new SimCluster();
      c.apply(deployment('web', { replicas, strategy }));
      c.runUntil(() => running(c, 'web-').length === replicas && running(c, 'web-').every(ready));
      const [oldRS] = rsOf(c, 'web');
      c.patch(
        'deployments',
        'default',
        'web',
        { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } },
        'strategic',
      );
      let maxTotal = 0;
      let minAvailable = Infinity;
      let steps = 0;
      const observe = () => {
        const rss = rsOf(c, 'web');
        const total = rss.reduce((n, rs) => n + rs.spec.replicas, 0);
        const available = c
          .pods()
          .filter(
            (p) => p.metadata.name.startsWith('web-') && !p.metadata.deletionTimestamp && ready(p),
          ).length;
        maxTotal = Math.max(maxTotal, total);
        minAvailable = Math.min(minAvailable, available);
        steps++;
      };
      c.runUntil(
        () => {
          const d = c.get('deployments', 'default', 'web');
          return (
            d.status.updatedReplicas === replicas &&
            d.status.replicas === replicas &&
            d.status.availableReplicas === replicas &&
            c.pods().filter((p) => p.metadata.name.startsWith('web-')).length === replicas
          );
        },
        10 * 60_000,
        observe,
      );
      expect(maxTotal).toBeLessThanOrEqual(replicas + surge);
      expect(minAvailable).toBeGreaterThanOrEqual(replicas - unavailable);
      expect(steps).toBeGreaterThan(2);
      const rss = rsOf(c, 'web');
      expect(rss).toHaveLength(2);
      const newRS = rss.find((rs) => rs.metadata.name !== oldRS.metadata.name)!;
      expect(newRS.spec.replicas).toBe(replicas);
      expect(c.get('replicasets', 'default', oldRS.metadata.name).spec.replicas).toBe(0);
      expect(newRS.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
      for (const p of running(c, 'web-')) expect(p.spec.containers[0].image).toBe('nginx:1.28');
      // The steps are visible as the deployment controller's events.
      const scaling = c
        .events('default')
        .filter((e) => e.reason === 'ScalingReplicaSet')
        .map((e) => e.message);
      expect(
        scaling.some((m) => m.startsWith(`Scaled down replica set ${oldRS.metadata.name} to`)),
      ).toBe(true);
    },
  );

  it('Recreate stops every old pod before the new ones start', () => {
    const c = new SimCluster();
    c.apply(deployment('web', { replicas: 2, strategy: '  strategy:\n    type: Recreate' }));
    c.runUntil(() => running(c, 'web-').length === 2);
    c.patch(
      'deployments',
      'default',
      'web',
      { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } },
      'strategic',
    );
    let overlap = false;
    c.runUntil(
      () =>
        running(c, 'web-').length === 2 &&
        running(c, 'web-').every((p) => p.spec.containers[0].image === 'nginx:1.28'),
      10 * 60_000,
      () => {
        const images = new Set(
          c
            .pods()
            .filter((p) => p.metadata.name.startsWith('web-'))
            .map((p) => p.spec.containers[0].image),
        );
        if (images.size > 1) overlap = true;
      },
    );
    expect(overlap).toBe(false);
  });

  it('rolls back to the previous ReplicaSet, which becomes the newest revision', () => {
    const c = new SimCluster();
    c.apply(deployment('web', { replicas: 2 }));
    c.runUntil(() => running(c, 'web-').length === 2);
    const [first] = rsOf(c, 'web');
    c.patch(
      'deployments',
      'default',
      'web',
      { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } },
      'strategic',
    );
    c.runUntil(
      () =>
        c.get('deployments', 'default', 'web').status.updatedReplicas === 2 &&
        running(c, 'web-').every((p) => p.spec.containers[0].image === 'nginx:1.28') &&
        running(c, 'web-').length === 2,
    );
    // kubectl rollout undo: the template of revision 1 goes back into the Deployment.
    c.patch('deployments', 'default', 'web', { spec: { template: first.spec.template } }, 'merge');
    c.runUntil(
      () =>
        running(c, 'web-').length === 2 &&
        running(c, 'web-').every((p) => p.spec.containers[0].image === 'nginx:1.27') &&
        c.pods().filter((p) => p.metadata.name.startsWith('web-')).length === 2,
    );
    const rss = rsOf(c, 'web');
    expect(rss).toHaveLength(2);
    const restored = c.get('replicasets', 'default', first.metadata.name);
    expect(restored.metadata.uid).toBe(first.metadata.uid);
    expect(restored.spec.replicas).toBe(2);
    expect(restored.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect(restored.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('1');
    for (const p of running(c, 'web-'))
      expect(p.metadata.labels['pod-template-hash']).toBe(
        first.metadata.labels['pod-template-hash'],
      );
    expect(
      c.get('deployments', 'default', 'web').metadata.annotations[
        'deployment.kubernetes.io/revision'
      ],
    ).toBe('3');
  });

  it('a paused Deployment does not roll out; resuming does', () => {
    const c = new SimCluster();
    c.apply(deployment('web', { replicas: 2 }));
    c.runUntil(() => running(c, 'web-').length === 2);
    c.patch('deployments', 'default', 'web', { spec: { paused: true } });
    c.patch(
      'deployments',
      'default',
      'web',
      { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } },
      'strategic',
    );
    c.advance(60_000);
    expect(rsOf(c, 'web')).toHaveLength(1);
    const d = c.get('deployments', 'default', 'web');
    expect(d.status.conditions.find((x: any) => x.type === 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
    });
    c.patch('deployments', 'default', 'web', { spec: { paused: false } });
    c.runUntil(
      () =>
        running(c, 'web-').length === 2 &&
        running(c, 'web-').every((p) => p.spec.containers[0].image === 'nginx:1.28'),
    );
    expect(rsOf(c, 'web')).toHaveLength(2);
  });

  it('scales up and down, removing pods from the most crowded node first', () => {
    const c = new SimCluster();
    c.apply(deployment('web', { replicas: 2 }));
    c.runUntil(() => running(c, 'web-').length === 2);
    c.patch('deployments', 'default', 'web', { spec: { replicas: 5 } });
    c.runUntil(() => running(c, 'web-').length === 5);
    const perNode = new Map<string, number>();
    for (const p of running(c, 'web-'))
      perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    const crowded = [...perNode].sort((a, b) => b[1] - a[1])[0]![0];
    expect(perNode.get(crowded)).toBe(3);
    c.advance(5_000);
    c.patch('deployments', 'default', 'web', { spec: { replicas: 2 } });
    c.runUntil(() => c.pods().filter((p) => p.metadata.name.startsWith('web-')).length === 2);
    // ReplicaSet deletion ranking: pods on nodes with more of their siblings go first.
    expect(running(c, 'web-').every((p) => p.spec.nodeName !== crowded)).toBe(true);
    const msgs = c
      .events('default')
      .filter((e) => e.reason === 'ScalingReplicaSet')
      .map((e) => e.message);
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Scaled up replica set web-\w+ to 5 from 2$/),
        expect.stringMatching(/^Scaled down replica set web-\w+ to 2 from 5$/),
      ]),
    );
  });

  it('marks a rollout that makes no progress within progressDeadlineSeconds', () => {
    const c = new SimCluster();
    c.apply(
      deployment('web', { replicas: 1, extra: '  progressDeadlineSeconds: 60'.replace(/^/, '') })
        .replace('  template:', '  progressDeadlineSeconds: 60\n  template:')
        .replace('\n  progressDeadlineSeconds: 60\n', '\n'),
    );
    c.runUntil(() => running(c, 'web-').length === 1);
    // An image whose container cannot be configured: the new pod never becomes ready.
    c.patch(
      'deployments',
      'default',
      'web',
      {
        spec: {
          progressDeadlineSeconds: 60,
          template: {
            spec: {
              containers: [
                {
                  name: 'main',
                  image: 'nginx:1.28',
                  envFrom: [{ secretRef: { name: 'missing' } }],
                },
              ],
            },
          },
        },
      },
      'strategic',
    );
    c.advance(3 * 60_000);
    const p = c
      .get('deployments', 'default', 'web')
      .status.conditions.find((x: any) => x.type === 'Progressing');
    expect(p).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(p.message).toMatch(/^ReplicaSet "web-\w+" has timed out progressing\.$/);
  });
});
