import { layoutCluster, workloadSummary } from '../src/lab/map-layout';
import { LiveStore } from '../src/lab/live-store';
import { keysAt, parseManifests, rangeOf } from '../src/lab/manifest-check';
import { podView } from '../src/lab/pod-status';

const node = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, uid: `n-${name}` },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});
const pod = (name: string, nodeName: string | undefined, extra: any = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'default',
    uid: `p-${name}`,
    ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1', uid: 'rs', controller: true }],
  },
  spec: { nodeName, containers: [{ name: 'c' }] },
  status: {
    phase: 'Running',
    containerStatuses: [{ ready: true, state: { running: {} }, restartCount: 0 }],
  },
  ...extra,
});

describe('the map layout', () => {
  it('puts pods in their node columns, unscheduled ones apart, and links Services to ready endpoints only', () => {
    const objects: any[] = [
      node('w1'),
      node('w2'),
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web-1', namespace: 'default', uid: 'rs' },
        spec: { replicas: 3 },
        status: { replicas: 3, readyReplicas: 2 },
      },
      pod('a', 'w1'),
      pod('b', 'w2'),
      pod('c', undefined, { status: { phase: 'Pending' } }),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'default', uid: 's' },
        spec: { type: 'ClusterIP', ports: [{ port: 80 }] },
      },
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: 'web-x',
          namespace: 'default',
          labels: { 'kubernetes.io/service-name': 'web' },
        },
        endpoints: [{ targetRef: { kind: 'Pod', name: 'a' }, conditions: { ready: true } }],
      },
    ];
    const l = layoutCluster(objects);
    const box = (k: string) => l.boxes.find((b) => b.key === k)!;
    const w1 = box('Node//w1');
    const w2 = box('Node//w2');
    expect(box('Pod/default/a').x).toBeGreaterThanOrEqual(w1.x);
    expect(box('Pod/default/a').x).toBeLessThan(w2.x);
    expect(box('Pod/default/b').x).toBeGreaterThanOrEqual(w2.x);
    expect(box('Node//(unscheduled)').name).toBe('not scheduled');
    expect(box('Pod/default/c').tone).toBe('progress');
    expect(l.lines.filter((x) => x.kind === 'routes').map((x) => x.to)).toEqual(['Pod/default/a']);
    expect(
      l.lines
        .filter((x) => x.from === 'ReplicaSet/default/web-1')
        .map((x) => x.to)
        .sort(),
    ).toEqual(['Pod/default/a', 'Pod/default/b', 'Pod/default/c']);
    expect(box('ReplicaSet/default/web-1').bar).toEqual({ ready: 2, desired: 3 });
  });

  it('words pod states as kubectl does and flags trouble', () => {
    expect(podView(pod('a', 'w1')).tone).toBe('ok');
    const crash = podView(
      pod('x', 'w1', {
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              ready: false,
              restartCount: 4,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { reason: 'OOMKilled' } },
            },
          ],
        },
      }),
    );
    expect(crash).toMatchObject({ status: 'CrashLoopBackOff', tone: 'bad', restarts: 4 });
    expect(crash.badges).toEqual(['OOMKilled', 'CrashLoopBackOff', '↻4']);
  });
});

describe('the editor checks', () => {
  const text =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: -1\n  template:\n    spec:\n      containers:\n      - name: c\n        image: ""\n---\nkind: Service\n';
  it('places a server cause on the field it names', () => {
    const { docs } = parseManifests(text);
    expect(docs).toHaveLength(2);
    const r = rangeOf(docs[0]!, 'spec.replicas');
    expect(text.slice(r.from, r.to)).toBe('replicas: -1');
    const img = rangeOf(docs[0]!, 'spec.template.spec.containers[0].image');
    expect(text.slice(img.from, img.to)).toBe('image: ""');
    // A field that is not there: its nearest ancestor.
    const sel = rangeOf(docs[0]!, 'spec.selector');
    expect(text.slice(sel.from, sel.from + 5)).toBe('spec:');
  });
  it('reports YAML errors where they are, and knows the keys above the cursor', () => {
    const { findings } = parseManifests('a: b\nc: d: e\n');
    expect(findings[0]!.message).toMatch(/mapping|Nested/i);
    const at = text.indexOf('image');
    expect(keysAt(text, at)).toEqual(['spec', 'template', 'spec', 'containers', '[]']);
  });
});

describe('the live store', () => {
  it('tracks the newest resourceVersion to resume from, and drops deleted objects', () => {
    const s = new LiveStore();
    const o = (rv: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'default', resourceVersion: rv },
    });
    s.resource({ clusterId: 'c', type: 'ADDED', object: o('5') });
    s.resource({ clusterId: 'c', type: 'MODIFIED', object: o('12') });
    expect(s.resourceVersion).toBe('12');
    expect(s.list('ConfigMap')).toHaveLength(1);
    s.resource({ clusterId: 'c', type: 'DELETED', object: o('13') });
    expect(s.list('ConfigMap')).toHaveLength(0);
    expect(s.resourceVersion).toBe('13');
    s.setClock({ now: '2026-01-01T00:00:00Z', speed: 10 }, 1000);
    expect(s.virtualNow(2000)).toBe(Date.parse('2026-01-01T00:00:00Z') + 10_000);
  });
});

describe('workload boxes of the map', () => {
  const obj = (kind: string, spec: any, status: any) =>
    ({ kind, metadata: { name: 'x', namespace: 'default', uid: kind }, spec, status }) as any;

  it('say how far StatefulSets, DaemonSets and Jobs are, and what a CronJob runs', () => {
    expect(workloadSummary(obj('StatefulSet', { replicas: 3 }, { readyReplicas: 2 }))).toEqual({
      sub: 'StatefulSet 2/3',
      bar: { ready: 2, desired: 3 },
    });
    expect(
      workloadSummary(obj('DaemonSet', {}, { desiredNumberScheduled: 4, numberReady: 4 })).sub,
    ).toBe('DaemonSet 4/4');
    expect(
      workloadSummary(obj('Job', { completions: 5 }, { succeeded: 2, active: 1 })),
    ).toMatchObject({ sub: 'Job 2/5 · 1 running', tone: 'progress' });
    expect(
      workloadSummary(
        obj('Job', {}, { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }),
      ),
    ).toMatchObject({ sub: 'Job complete 1/1', tone: 'ok' });
    expect(
      workloadSummary(
        obj('Job', {}, { failed: 7, conditions: [{ type: 'Failed', status: 'True' }] }),
      ),
    ).toEqual({ sub: 'Job failed (7 failed)', tone: 'bad' });
    expect(
      workloadSummary(obj('CronJob', { schedule: '*/15 * * * *', suspend: true }, {})).sub,
    ).toBe('CronJob */15 * * * * · suspended');
  });

  it("draws a CronJob's Jobs hanging from it", () => {
    const cj = {
      kind: 'CronJob',
      metadata: { name: 'hello', namespace: 'default', uid: 'cj' },
      spec: { schedule: '* * * * *' },
    };
    const job = {
      kind: 'Job',
      metadata: {
        name: 'hello-1',
        namespace: 'default',
        uid: 'j',
        ownerReferences: [{ kind: 'CronJob', name: 'hello', uid: 'cj', controller: true }],
      },
      spec: {},
      status: {},
    };
    const l = layoutCluster([cj, job] as any[]);
    expect(l.lines).toContainEqual(
      expect.objectContaining({
        from: 'CronJob/default/hello',
        to: 'Job/default/hello-1',
        kind: 'owns',
      }),
    );
  });
});
