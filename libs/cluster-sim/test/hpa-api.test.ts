import { readFileSync } from 'fs';
import { SimCluster, printTable } from '../src';
import { hpaV1Type } from '../src/apis/autoscaling/horizontal-pod-autoscaler';

// HorizontalPodAutoscaler as the API server takes it: autoscaling/v2 stored and preferred,
// autoscaling/v1 served from the same objects, the v2 defaults, the validation messages, and
// kubectl's columns.

const corpus = (p: string) => readFileSync(`${__dirname}/fixtures/corpus/website/${p}`, 'utf8');

function refusal(c: SimCluster, yaml: string): string {
  try {
    c.apply(yaml);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('accepted');
}

const hpa = (spec: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
${spec}`;

const cells = (c: SimCluster, o: any) =>
  printTable([o], { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', now: c.now }).rows[0]!
    .cells;

describe('versions', () => {
  it('prefers autoscaling/v2 and serves autoscaling/v1 too, with hpa as short name', () => {
    const c = new SimCluster();
    expect(c.registry.groupVersions().find((g) => g.group === 'autoscaling')?.versions).toEqual([
      'v2',
      'v1',
    ]);
    expect(c.type('hpa').version).toBe('v2');
  });

  it('stores the walkthrough\u2019s v2 HPA as written, with nothing more than minReplicas defaulted', () => {
    const c = new SimCluster();
    c.apply(corpus('application/hpa/php-apache.yaml'));
    const o = c.get('hpa', 'default', 'php-apache');
    expect(o.apiVersion).toBe('autoscaling/v2');
    expect(o.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
    });
    expect(o.status).toEqual({ desiredReplicas: 0 });
    expect(cells(c, o).slice(0, 6)).toEqual([
      'php-apache',
      'Deployment/php-apache',
      'cpu: <unknown>/50%',
      '1',
      10,
      0,
    ]);
  });

  it('converts an autoscaling/v1 HPA (hpa-rs.yaml) and shows it back in v1', () => {
    const c = new SimCluster();
    c.apply(corpus('controllers/hpa-rs.yaml'));
    const stored = c.get('hpa', 'default', 'frontend-scaler');
    expect(stored.apiVersion).toBe('autoscaling/v2');
    expect(stored.spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
      },
    ]);
    const v1 = hpaV1Type.storedAs!.fromStored(stored);
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'frontend' },
      minReplicas: 3,
      maxReplicas: 10,
      targetCPUUtilizationPercentage: 50,
    });
    expect(v1.status).toEqual({ currentReplicas: 0, desiredReplicas: 0 });
    expect(cells(c, v1)[2]).toBe('cpu: <unknown>/50%');
  });

  it('defaults a v2 HPA without metrics to 80% CPU, and a v1 HPA without a target too', () => {
    const c = new SimCluster();
    c.apply(
      hpa('  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3'),
    );
    expect(c.get('hpa', 'default', 'web').spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ]);
    c.apply(`apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: v1}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, maxReplicas: 3}`);
    expect(
      hpaV1Type.storedAs!.fromStored(c.get('hpa', 'default', 'v1')).spec
        .targetCPUUtilizationPercentage,
    ).toBe(80);
  });

  it('keeps v2-only metrics of a v1 object in the autoscaling.alpha.kubernetes.io annotations', () => {
    const c = new SimCluster();
    c.apply(
      hpa(`  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 3
  metrics:
  - {type: Resource, resource: {name: memory, target: {type: AverageValue, averageValue: 100Mi}}}`),
    );
    const v1 = hpaV1Type.storedAs!.fromStored(c.get('hpa', 'default', 'web'));
    expect(v1.spec.targetCPUUtilizationPercentage).toBeUndefined();
    expect(JSON.parse(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/metrics'])).toEqual([
      { type: 'Resource', resource: { name: 'memory', targetAverageValue: '100Mi' } },
    ]);
    expect(hpaV1Type.storedAs!.toStored(v1).spec.metrics).toEqual(
      c.get('hpa', 'default', 'web').spec.metrics,
    );
  });

  it('fills in the behavior rules when some are given', () => {
    const c = new SimCluster();
    c.apply(
      hpa(`  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 3
  behavior: {scaleDown: {stabilizationWindowSeconds: 60}}`),
    );
    expect(c.get('hpa', 'default', 'web').spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 60,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
      },
    });
  });
});

describe('validation', () => {
  it('refuses maxReplicas under minReplicas and a scale target without a kind', () => {
    const c = new SimCluster();
    expect(
      refusal(
        c,
        hpa(
          '  scaleTargetRef: {apiVersion: apps/v1, name: web}\n  minReplicas: 5\n  maxReplicas: 2',
        ),
      ),
    ).toBe(
      'HorizontalPodAutoscaler.autoscaling "web" is invalid: [spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`, spec.scaleTargetRef.kind: Required value]',
    );
    expect(
      refusal(
        c,
        hpa(
          '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 0\n  maxReplicas: 2',
        ),
      ),
    ).toBe(
      'HorizontalPodAutoscaler.autoscaling "web" is invalid: spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
    );
  });

  it('refuses a metric whose source does not match its type, and an invalid target', () => {
    const c = new SimCluster();
    expect(
      refusal(
        c,
        hpa(`  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 3
  metrics:
  - type: Pods
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 0}}`),
      ),
    ).toBe(
      'HorizontalPodAutoscaler.autoscaling "web" is invalid: [spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0, spec.metrics[0].pods: Required value: must populate information for the given metric source]',
    );
  });

  it('refuses behavior policies out of range', () => {
    const c = new SimCluster();
    expect(
      refusal(
        c,
        hpa(`  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 3
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 4000
      policies: [{type: Pods, value: 0, periodSeconds: 15}]`),
      ),
    ).toBe(
      'HorizontalPodAutoscaler.autoscaling "web" is invalid: [spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600, spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero]',
    );
  });
});
