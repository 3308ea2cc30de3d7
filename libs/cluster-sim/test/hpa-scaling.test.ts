import { readFileSync } from 'fs';
import { SimCluster, printTable, reconcileCluster } from '../src';
import { horizontalPodAutoscalerController } from '../src/controllers/podautoscaler/horizontal';

// The HorizontalPodAutoscaler walkthrough on the virtual clock: php-apache under a wget loop
// scales up within the limits, settles near its 50% CPU target, and scales back down once the
// load stops and the 5-minute stabilization window has passed; plus the conditions and events
// of what goes wrong (no requests, no target, no metrics).

const corpus = (p: string) => readFileSync(`${__dirname}/fixtures/corpus/website/${p}`, 'utf8');

const LOAD_GENERATOR = `apiVersion: v1
kind: Pod
metadata: {name: load-generator}
spec:
  restartPolicy: Never
  containers:
  - name: load-generator
    image: busybox:1.28
    command: [/bin/sh, -c, "while sleep 0.01; do wget -q -O- http://php-apache; done"]`;

let seeds = 0;
function walkthrough(profile = {}): SimCluster {
  const c = new SimCluster({ seed: `hpa-${seeds++}`, profile });
  c.apply(corpus('application/php-apache.yaml'));
  c.apply(corpus('application/hpa/php-apache.yaml'));
  return c;
}

const hpaOf = (c: SimCluster, name = 'php-apache') => c.get('hpa', 'default', name);
const targets = (c: SimCluster, name = 'php-apache') =>
  printTable([hpaOf(c, name)], {
    group: 'autoscaling',
    kind: 'HorizontalPodAutoscaler',
    now: c.now,
  }).rows[0]!.cells[2];
const condition = (c: SimCluster, type: string, name = 'php-apache') => {
  const x = hpaOf(c, name).status.conditions?.find((k: any) => k.type === type);
  return x && [x.status, x.reason, x.message];
};
const hpaEvents = (c: SimCluster) =>
  c
    .events('default')
    .filter((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler')
    .map((e) => `${e.type} ${e.reason}: ${e.message}`);
const replicas = (c: SimCluster) => c.get('deploy', 'default', 'php-apache').spec.replicas;

describe('the HPA walkthrough', () => {
  it('reads <unknown> until metrics-server has sampled the pod, then 0% at rest', () => {
    const c = walkthrough();
    c.advance(10_000);
    expect(targets(c)).toBe('cpu: <unknown>/50%');
    c.advance(50_000);
    expect(targets(c)).toBe('cpu: 0%/50%');
    expect(hpaOf(c).status).toMatchObject({ currentReplicas: 1, desiredReplicas: 1 });
    expect(hpaOf(c).status.currentMetrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: 0, averageValue: '1m' } },
      },
    ]);
    expect(condition(c, 'ScalingActive')).toEqual([
      'True',
      'ValidMetricFound',
      'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
    ]);
  });

  it('scales up under load, by at most 4 at first, and settles near the target', () => {
    const c = walkthrough();
    c.advance(60_000);
    c.apply(LOAD_GENERATOR);
    c.runUntil(() => replicas(c) > 1, 2 * 60_000);
    expect(replicas(c)).toBe(4);
    expect(hpaEvents(c)).toContain(
      'Normal SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target',
    );
    expect(condition(c, 'ScalingLimited')).toEqual([
      'True',
      'ScaleUpLimit',
      'the desired replica count is increasing faster than the maximum scale rate',
    ]);
    expect(condition(c, 'AbleToScale')).toEqual([
      'True',
      'SucceededRescale',
      'the HPA controller was able to update the target scale to 4',
    ]);
    // One load generator keeps about 620m of CPU busy: the HPA ends at 7 pods near 44%.
    c.advance(3 * 60_000);
    expect(replicas(c)).toBe(7);
    expect(targets(c)).toBe('cpu: 44%/50%');
    expect(hpaOf(c).status.currentReplicas).toBe(7);
    expect(condition(c, 'ScalingLimited')).toEqual([
      'False',
      'DesiredWithinRange',
      'the desired count is within the acceptable range',
    ]);
  });

  it('scales back down only after the 5-minute stabilization window', () => {
    const c = walkthrough();
    c.advance(60_000);
    c.apply(LOAD_GENERATOR);
    c.advance(4 * 60_000);
    expect(replicas(c)).toBe(7);
    c.delete('pods', 'default', 'load-generator', { gracePeriodSeconds: 0 });
    const stopped = c.now;
    c.advance(2 * 60_000);
    expect(replicas(c)).toBe(7);
    expect(targets(c)).toBe('cpu: 0%/50%');
    expect(condition(c, 'AbleToScale')).toEqual([
      'True',
      'ScaleDownStabilized',
      'recent recommendations were higher than current one, applying the highest recent recommendation',
    ]);
    c.runUntil(() => replicas(c) === 1, 10 * 60_000);
    expect(c.now - stopped).toBeGreaterThanOrEqual(5 * 60_000);
    expect(c.now - stopped).toBeLessThan(6 * 60_000);
    expect(hpaEvents(c)).toContain(
      'Normal SuccessfulRescale: New size: 1; reason: All metrics below target',
    );
  });

  it('stops waking up once nothing can change', () => {
    const c = walkthrough();
    c.advance(10 * 60_000);
    const r = reconcileCluster({
      state: c.state,
      core: c.sim.core,
      profile: c.profile,
      now: c.now,
      seed: c.seed,
      controllers: [horizontalPodAutoscalerController],
    });
    expect(r.wakeAt).toBeUndefined();
    expect(r.changes).toBe(0);
  });
});

describe('limits and behavior', () => {
  it('raises a target below minReplicas at once', () => {
    const c = walkthrough();
    c.patch('hpa', 'default', 'php-apache', { spec: { minReplicas: 3 } });
    c.advance(20_000);
    expect(replicas(c)).toBe(3);
    expect(hpaEvents(c)).toContain(
      'Normal SuccessfulRescale: New size: 3; reason: Current number of replicas below Spec.MinReplicas',
    );
  });

  it('scales down as the behavior\u2019s policy allows: one pod a minute', () => {
    const c = walkthrough();
    c.patch('hpa', 'default', 'php-apache', {
      spec: {
        minReplicas: 1,
        behavior: {
          scaleDown: {
            stabilizationWindowSeconds: 0,
            policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
          },
        },
      },
    });
    c.patch('deploy', 'default', 'php-apache', { spec: { replicas: 4 } });
    c.advance(60_000);
    const sizes: number[] = [];
    for (let i = 0; i < 4; i++) {
      sizes.push(replicas(c));
      c.advance(60_000);
    }
    expect(sizes).toEqual([3, 2, 1, 1]);
    expect(condition(c, 'ScalingLimited')?.[1]).toBe('TooFewReplicas');
  });
});

describe('what goes wrong', () => {
  it('cannot compute utilization without CPU requests', () => {
    const c = new SimCluster({ seed: `hpa-${seeds++}` });
    c.apply(corpus('application/php-apache.yaml').replace(/\s+resources:[\s\S]*?cpu: 200m/, ''));
    c.apply(corpus('application/hpa/php-apache.yaml'));
    c.advance(60_000);
    const pod = c.pods().find((p) => p.metadata.name.startsWith('php-apache'))!;
    expect(condition(c, 'ScalingActive')).toEqual([
      'False',
      'FailedGetResourceMetric',
      `the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container php-apache of Pod ${pod.metadata.name}`,
    ]);
    expect(hpaEvents(c)).toContain(
      `Warning FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: missing request for cpu in container php-apache of Pod ${pod.metadata.name}`,
    );
    expect(targets(c)).toBe('cpu: <unknown>/50%');
  });

  it('says so when the scale target does not exist', () => {
    const c = new SimCluster({ seed: `hpa-${seeds++}` });
    c.apply(corpus('application/hpa/php-apache.yaml'));
    c.advance(20_000);
    expect(condition(c, 'AbleToScale')).toEqual([
      'False',
      'FailedGetScale',
      `the HPA controller was unable to get the target's current scale: deployments.apps "php-apache" not found`,
    ]);
    expect(hpaEvents(c)).toEqual([
      'Warning FailedGetScale: deployments.apps "php-apache" not found',
    ]);
  });

  it('cannot get metrics when metrics-server is not installed', () => {
    const c = walkthrough({ metricsServer: false });
    c.advance(60_000);
    expect(condition(c, 'ScalingActive')).toEqual([
      'False',
      'FailedGetResourceMetric',
      'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)',
    ]);
    expect(c.list('podmetrics', 'default')).toEqual([]);
  });

  it('has no custom metrics API for Pods metrics', () => {
    const c = walkthrough();
    c.patch('hpa', 'default', 'php-apache', {
      spec: {
        metrics: [
          {
            type: 'Pods',
            pods: {
              metric: { name: 'packets-per-second' },
              target: { type: 'AverageValue', averageValue: '1k' },
            },
          },
        ],
      },
    });
    c.advance(60_000);
    expect(condition(c, 'ScalingActive')).toEqual([
      'False',
      'FailedGetPodsMetric',
      'the HPA was unable to compute the replica count: unable to get metric packets-per-second: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered',
    ]);
    expect(targets(c)).toBe('<unknown>/1k');
  });
});

describe('memory', () => {
  it('scales on memory utilization against requests', () => {
    const c = new SimCluster({ seed: `hpa-${seeds++}` });
    c.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: nginx:1.27, resources: {requests: {memory: 4Mi}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 2
  metrics: [{type: Resource, resource: {name: memory, target: {type: Utilization, averageUtilization: 60}}}]`);
    c.advance(2 * 60_000);
    // nginx at rest uses more than 4Mi: the HPA goes to its maximum, and says it is limited.
    expect(c.get('deploy', 'default', 'web').spec.replicas).toBe(2);
    expect(targets(c, 'web')).toMatch(/^memory: \d+%\/60%$/);
    expect(hpaEvents(c)).toContain(
      'Normal SuccessfulRescale: New size: 2; reason: memory resource utilization (percentage of request) above target',
    );
  });
});
