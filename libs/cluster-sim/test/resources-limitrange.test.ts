import { SimCluster } from '../src';
import { applyIn, corpus, expected, namespace, refusal } from './resources-helpers';

// LimitRange: defaults a learner's containers receive, the min/max/ratio refusals, and the
// validation of the LimitRange itself — with the corpus manifests of the "Configure Default
// CPU/Memory Requests and Limits" and "Configure Minimum and Maximum ... Constraints" tasks.

const resources = (c: SimCluster, ns: string, pod: string) =>
  c.get('pods', ns, pod).spec.containers.map((x: any) => x.resources);

describe('LimitRange defaults (admin/resource/*-defaults.yaml)', () => {
  it('cpu-defaults-pod gets the default request and limit and runs Burstable', () => {
    const e = expected('admin/resource/cpu-defaults-pod.yaml');
    const c = new SimCluster();
    namespace(c, 'default-cpu-example');
    applyIn(c, corpus('admin/resource/cpu-defaults.yaml'), 'default-cpu-example');
    applyIn(c, corpus('admin/resource/cpu-defaults-pod.yaml'), 'default-cpu-example');
    c.advance(30_000);
    const pod = c.get('pods', e.expect.pods.namespace, 'default-cpu-demo');
    expect(pod.status.phase).toBe(e.expect.pods.phase);
    expect(pod.status.qosClass).toBe(e.expect.pods.qosClass);
    expect(pod.spec.containers[0].resources).toEqual(
      e.expect.containers['default-cpu-demo-ctr'].resources,
    );
    expect(pod.metadata.annotations['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu request for container default-cpu-demo-ctr; cpu limit for container default-cpu-demo-ctr',
    );
  });

  it('stores the LimitRange with its quantities canonical (0.5 reads 500m)', () => {
    const c = new SimCluster();
    namespace(c, 'default-cpu-example');
    applyIn(c, corpus('admin/resource/cpu-defaults.yaml'), 'default-cpu-example');
    expect(c.get('limitranges', 'default-cpu-example', 'cpu-limit-range').spec.limits).toEqual([
      { default: { cpu: '1' }, defaultRequest: { cpu: '500m' }, type: 'Container' },
    ]);
  });

  it('a limit without a request makes the request equal to the limit, not the default', () => {
    const c = new SimCluster();
    namespace(c, 'default-cpu-example');
    applyIn(c, corpus('admin/resource/cpu-defaults.yaml'), 'default-cpu-example');
    applyIn(c, corpus('admin/resource/cpu-defaults-pod-2.yaml'), 'default-cpu-example');
    applyIn(c, corpus('admin/resource/cpu-defaults-pod-3.yaml'), 'default-cpu-example');
    expect(resources(c, 'default-cpu-example', 'default-cpu-demo-2')).toEqual([
      { limits: { cpu: '1' }, requests: { cpu: '1' } },
    ]);
    expect(resources(c, 'default-cpu-example', 'default-cpu-demo-3')).toEqual([
      { limits: { cpu: '1' }, requests: { cpu: '0.75' } },
    ]);
  });

  it('memory defaults: 256Mi requested, 512Mi limit', () => {
    const c = new SimCluster();
    namespace(c, 'default-mem-example');
    applyIn(c, corpus('admin/resource/memory-defaults.yaml'), 'default-mem-example');
    applyIn(c, corpus('admin/resource/memory-defaults-pod.yaml'), 'default-mem-example');
    applyIn(c, corpus('admin/resource/memory-defaults-pod-3.yaml'), 'default-mem-example');
    expect(resources(c, 'default-mem-example', 'default-mem-demo')).toEqual([
      { limits: { memory: '512Mi' }, requests: { memory: '256Mi' } },
    ]);
    expect(resources(c, 'default-mem-example', 'default-mem-demo-3')).toEqual([
      { limits: { memory: '512Mi' }, requests: { memory: '128Mi' } },
    ]);
  });

  it('a default limit below an explicit request makes the pod invalid', () => {
    const c = new SimCluster();
    namespace(c, 'lr');
    applyIn(
      c,
      `apiVersion: v1
kind: LimitRange
metadata: { name: mem }
spec:
  limits:
  - type: Container
    default: { memory: 500Mi }`,
      'lr',
    );
    const err = refusal(() =>
      applyIn(
        c,
        `apiVersion: v1
kind: Pod
metadata: { name: big }
spec:
  containers:
  - name: app
    image: nginx
    resources: { requests: { memory: 1Gi } }`,
        'lr',
      ),
    );
    expect(err.code).toBe(422);
    expect(err.message).toBe(
      'Pod "big" is invalid: spec.containers[0].resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 500Mi',
    );
  });
});

describe('LimitRange min and max (admin/resource/*-constraints.yaml)', () => {
  function constrained(file: string, ns: string) {
    const c = new SimCluster();
    namespace(c, ns);
    applyIn(c, corpus(`admin/resource/${file}`), ns);
    return c;
  }

  it('memory-constraints-pod is admitted and runs', () => {
    const e = expected('admin/resource/memory-constraints-pod.yaml');
    const c = constrained('memory-constraints.yaml', 'constraints-mem-example');
    applyIn(c, corpus('admin/resource/memory-constraints-pod.yaml'), 'constraints-mem-example');
    c.advance(30_000);
    const pod = c.get('pods', 'constraints-mem-example', 'constraints-mem-demo');
    expect(pod.status.phase).toBe(e.expect.pods.phase);
    expect(pod.spec.containers[0].resources).toEqual(
      e.expect.containers['constraints-mem-demo-ctr'].resources,
    );
  });

  it('the LimitRange gets its default limit from max and its default request from it', () => {
    const c = constrained('memory-constraints.yaml', 'constraints-mem-example');
    expect(
      c.get('limitranges', 'constraints-mem-example', 'mem-min-max-demo-lr').spec.limits,
    ).toEqual([
      {
        default: { memory: '1Gi' },
        defaultRequest: { memory: '1Gi' },
        max: { memory: '1Gi' },
        min: { memory: '500Mi' },
        type: 'Container',
      },
    ]);
    applyIn(c, corpus('admin/resource/memory-constraints-pod-4.yaml'), 'constraints-mem-example');
    expect(resources(c, 'constraints-mem-example', 'constraints-mem-demo-4')).toEqual([
      { limits: { memory: '1Gi' }, requests: { memory: '1Gi' } },
    ]);
  });

  it('refuses a limit above max and a request below min, with the real messages', () => {
    const c = constrained('memory-constraints.yaml', 'constraints-mem-example');
    const over = refusal(() =>
      applyIn(c, corpus('admin/resource/memory-constraints-pod-2.yaml'), 'constraints-mem-example'),
    );
    expect(over.code).toBe(403);
    expect(over.reason).toBe('Forbidden');
    expect(over.message).toBe(
      'pods "constraints-mem-demo-2" is forbidden: maximum memory usage per Container is 1Gi, but limit is 1536Mi',
    );
    const under = refusal(() =>
      applyIn(c, corpus('admin/resource/memory-constraints-pod-3.yaml'), 'constraints-mem-example'),
    );
    expect(under.message).toBe(
      'pods "constraints-mem-demo-3" is forbidden: minimum memory usage per Container is 500Mi, but request is 100Mi',
    );
    expect(c.pods('constraints-mem-example')).toEqual([]);
  });

  it('cpu constraints: 1.5 CPUs is over 800m, 100m under 200m, no resources gets 800m', () => {
    const c = constrained('cpu-constraints.yaml', 'constraints-cpu-example');
    applyIn(c, corpus('admin/resource/cpu-constraints-pod.yaml'), 'constraints-cpu-example');
    expect(
      refusal(() =>
        applyIn(c, corpus('admin/resource/cpu-constraints-pod-2.yaml'), 'constraints-cpu-example'),
      ).message,
    ).toBe(
      'pods "constraints-cpu-demo-2" is forbidden: maximum cpu usage per Container is 800m, but limit is 1500m',
    );
    expect(
      refusal(() =>
        applyIn(c, corpus('admin/resource/cpu-constraints-pod-3.yaml'), 'constraints-cpu-example'),
      ).message,
    ).toBe(
      'pods "constraints-cpu-demo-3" is forbidden: minimum cpu usage per Container is 200m, but request is 100m',
    );
    applyIn(c, corpus('admin/resource/cpu-constraints-pod-4.yaml'), 'constraints-cpu-example');
    expect(resources(c, 'constraints-cpu-example', 'constraints-cpu-demo-4')).toEqual([
      { limits: { cpu: '800m' }, requests: { cpu: '800m' } },
    ]);
  });

  it('lists every violation of one LimitRange in brackets', () => {
    const c = new SimCluster();
    namespace(c, 'lr');
    applyIn(
      c,
      `apiVersion: v1
kind: LimitRange
metadata: { name: both }
spec:
  limits:
  - type: Container
    max: { memory: 1Gi, cpu: "2" }
    min: { cpu: 200m }`,
      'lr',
    );
    const err = refusal(() =>
      applyIn(
        c,
        `apiVersion: v1
kind: Pod
metadata: { name: x }
spec:
  containers:
  - name: app
    image: nginx
    resources: { requests: { cpu: 100m, memory: 1Gi }, limits: { cpu: "1", memory: 2Gi } }`,
        'lr',
      ),
    );
    expect(err.message).toBe(
      'pods "x" is forbidden: [minimum cpu usage per Container is 200m, but request is 100m, maximum memory usage per Container is 1Gi, but limit is 2Gi]',
    );
  });

  it('limits the limit/request ratio', () => {
    const c = new SimCluster();
    namespace(c, 'lr');
    applyIn(c, corpus('admin/resource/limit-memory-ratio-pod.yaml'), 'lr');
    const err = refusal(() =>
      applyIn(
        c,
        `apiVersion: v1
kind: Pod
metadata: { name: spiky }
spec:
  containers:
  - name: app
    image: nginx
    resources: { requests: { memory: 100Mi }, limits: { memory: 300Mi } }`,
        'lr',
      ),
    );
    expect(err.message).toBe(
      'pods "spiky" is forbidden: memory max limit to request ratio per Pod is 2, but provided ratio is 3.000000',
    );
  });

  it('limits the sum of a pod: busybox1 asks for 2400m CPU against a 2 CPU pod maximum', () => {
    const c = new SimCluster();
    namespace(c, 'limitrange-demo');
    applyIn(c, corpus('admin/resource/limit-mem-cpu-container.yaml'), 'limitrange-demo');
    applyIn(c, corpus('admin/resource/limit-mem-cpu-pod.yaml'), 'limitrange-demo');
    const err = refusal(() =>
      applyIn(c, corpus('admin/resource/limit-range-pod-1.yaml'), 'limitrange-demo'),
    );
    expect(err.message).toBe(
      'pods "busybox1" is forbidden: [maximum cpu usage per Pod is 2, but limit is 2400m, maximum memory usage per Pod is 2Gi, but limit is 2200Mi]',
    );
  });
});

describe('LimitRange validation', () => {
  const lr = (spec: string) => `apiVersion: v1
kind: LimitRange
metadata: { name: bad }
spec:
  limits:
${spec}`;

  it('refuses min above max, with the Go form of the quantity', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      applyIn(c, lr('  - type: Container\n    min: { memory: 1Gi }\n    max: { memory: 500Mi }')),
    );
    expect(err.code).toBe(422);
    expect(err.message).toContain(
      'spec.limits[0].min[memory]: Invalid value: resource.Quantity{i:resource.int64Amount{value:1073741824, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1Gi", Format:"BinarySI"}: min value 1Gi is greater than max value 500Mi',
    );
  });

  it('refuses a default above max and a ratio below 1', () => {
    const c = new SimCluster();
    expect(
      refusal(() =>
        applyIn(c, lr('  - type: Container\n    default: { cpu: "2" }\n    max: { cpu: "1" }')),
      ).message,
    ).toContain('default value 2 is greater than max value 1');
    expect(
      refusal(() => applyIn(c, lr('  - type: Pod\n    maxLimitRequestRatio: { cpu: 500m }')))
        .message,
    ).toContain('ratio 500m is less than 1');
  });

  it('refuses defaults on a Pod item', () => {
    const c = new SimCluster();
    expect(refusal(() => applyIn(c, lr('  - type: Pod\n    default: { cpu: "1" }'))).message).toBe(
      'LimitRange "bad" is invalid: spec.limits[0].default: Forbidden: may not be specified when `type` is \'Pod\'',
    );
  });

  it('refuses problematic-limit-range.yaml: its item has no type', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      applyIn(c, corpus('concepts/policy/limit-range/problematic-limit-range.yaml')),
    );
    expect(err.code).toBe(422);
    expect(err.message).toMatch(/^LimitRange "cpu-resource-constraint" is invalid: /);
    expect(err.message).toContain(
      'spec.limits[0].type: Invalid value: "": name part must be non-empty',
    );
  });

  it('with a type, the example pod conflicts with the default limit', () => {
    const c = new SimCluster();
    applyIn(
      c,
      corpus('concepts/policy/limit-range/problematic-limit-range.yaml').replace(
        '- default:',
        '- type: Container\n    default:',
      ),
    );
    const err = refusal(() =>
      applyIn(c, corpus('concepts/policy/limit-range/example-conflict-with-limitrange-cpu.yaml')),
    );
    expect(err.code).toBe(422);
    expect(err.message).toBe(
      'Pod "example-conflict-with-limitrange-cpu" is invalid: spec.containers[0].resources.requests: Invalid value: "700m": must be less than or equal to cpu limit of 500m',
    );
    applyIn(c, corpus('concepts/policy/limit-range/example-no-conflict-with-limitrange-cpu.yaml'));
    expect(c.get('pods', 'default', 'example-no-conflict-with-limitrange-cpu')).toBeDefined();
  });
});

describe('LimitRange on PersistentVolumeClaims (admin/resource/storagelimits.yaml)', () => {
  it('pvc-limit-greater is refused: 5Gi is over 2Gi', () => {
    const e = expected('admin/resource/pvc-limit-greater.yaml');
    const c = new SimCluster();
    applyIn(c, corpus('admin/resource/storagelimits.yaml'));
    const err = refusal(() => applyIn(c, corpus('admin/resource/pvc-limit-greater.yaml')));
    expect(err.reason).toBe(e.expect.reason);
    expect(err.message).toContain(e.expect.message_contains);
    expect(refusal(() => applyIn(c, corpus('admin/resource/pvc-limit-lower.yaml'))).message).toBe(
      'persistentvolumeclaims "pvc-limit-lower" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
    );
  });

  it('validates a PersistentVolumeClaim item: it needs a min or a max storage', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      applyIn(
        c,
        `apiVersion: v1
kind: LimitRange
metadata: { name: pvc }
spec:
  limits:
  - type: PersistentVolumeClaim
    max: { cpu: "1" }`,
      ),
    );
    expect(err.message).toContain(
      'spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided',
    );
  });
});
