import { SimCluster, printPod, printTable } from '../../src';
import { MIN, NOW, ago, condition, pod, running, terminated, waiting } from './builders';

const cells = (p: any, now = NOW) => printPod(p, now).cells;
const status = (p: any) => cells(p)[2];

describe('the STATUS of `kubectl get pods` (printPod)', () => {
  it.each([
    ['Pending', pod({ phase: 'Pending' })],
    [
      'ContainerCreating',
      pod({ phase: 'Pending', containerStatuses: [waiting('ContainerCreating')] }),
    ],
    ['Running', pod({ phase: 'Running', containerStatuses: [running()] })],
    [
      'Completed',
      pod({ phase: 'Succeeded', containerStatuses: [terminated({ reason: 'Completed' })] }),
    ],
    [
      'Error',
      pod({ phase: 'Failed', containerStatuses: [terminated({ reason: 'Error', exitCode: 1 })] }),
    ],
    [
      'OOMKilled',
      pod({
        phase: 'Running',
        containerStatuses: [terminated({ reason: 'OOMKilled', exitCode: 137 })],
      }),
    ],
    ['ExitCode:137', pod({ phase: 'Failed', containerStatuses: [terminated({ exitCode: 137 })] })],
    [
      'Signal:9',
      pod({ phase: 'Failed', containerStatuses: [terminated({ exitCode: 137, signal: 9 })] }),
    ],
    [
      'CrashLoopBackOff',
      pod({ phase: 'Running', containerStatuses: [waiting('CrashLoopBackOff')] }),
    ],
    [
      'CreateContainerConfigError',
      pod({ phase: 'Pending', containerStatuses: [waiting('CreateContainerConfigError')] }),
    ],
    ['ErrImagePull', pod({ phase: 'Pending', containerStatuses: [waiting('ErrImagePull')] })],
    [
      'ImagePullBackOff',
      pod({ phase: 'Pending', containerStatuses: [waiting('ImagePullBackOff')] }),
    ],
    // Evicted pods keep the reason the kubelet gave the pod.
    ['Evicted', pod({ phase: 'Failed', reason: 'Evicted', message: 'low on memory' })],
    [
      'SchedulingGated',
      pod(
        { phase: 'Pending', conditions: [condition('PodScheduled', 'False', 'SchedulingGated')] },
        { schedulingGates: [{ name: 'example.com/gate' }] },
      ),
    ],
  ])('shows %s', (want, p) => expect(status(p)).toBe(want));

  it('reads the first container last, so its reason wins over the others', () => {
    const p = pod(
      {
        phase: 'Running',
        containerStatuses: [
          waiting('ImagePullBackOff'),
          { ...waiting('CrashLoopBackOff'), name: 'b' },
        ],
      },
      { containers: [{ name: 'app' }, { name: 'b' }] },
    );
    expect(cells(p).slice(1, 3)).toEqual(['0/2', 'ImagePullBackOff']);
  });

  it('says Running while a container still runs beside a completed one, NotReady without Ready', () => {
    const statuses = [terminated({ reason: 'Completed' }), running('side')];
    const spec = { containers: [{ name: 'app' }, { name: 'side' }] };
    const readyPod = pod(
      { phase: 'Running', containerStatuses: statuses, conditions: [condition('Ready')] },
      spec,
    );
    expect(cells(readyPod).slice(1, 3)).toEqual(['1/2', 'Running']);
    const notReady = pod(
      { phase: 'Running', containerStatuses: statuses, conditions: [condition('Ready', 'False')] },
      spec,
    );
    expect(status(notReady)).toBe('NotReady');
  });

  describe('init containers', () => {
    const spec = {
      initContainers: [{ name: 'first' }, { name: 'second' }],
      containers: [{ name: 'app' }],
    };
    const init = (first: any, second?: any) =>
      pod(
        {
          phase: 'Pending',
          initContainerStatuses: [
            { ...first, name: 'first' },
            ...(second ? [{ ...second, name: 'second' }] : []),
          ],
          containerStatuses: [waiting('PodInitializing')],
        },
        spec,
      );

    it.each([
      ['Init:0/2', init(waiting('PodInitializing'))],
      ['Init:0/2', init(running())],
      ['Init:1/2', init(terminated({ reason: 'Completed' }), running())],
      ['Init:CrashLoopBackOff', init(waiting('CrashLoopBackOff'))],
      ['Init:ErrImagePull', init(waiting('ErrImagePull'))],
      ['Init:Error', init(terminated({ reason: 'Error', exitCode: 1 }))],
      ['Init:ExitCode:1', init(terminated({ exitCode: 1 }))],
      ['Init:Signal:9', init(terminated({ exitCode: 137, signal: 9 }))],
      // Every init container done, the app container still waiting to start.
      [
        'PodInitializing',
        init(terminated({ reason: 'Completed' }), terminated({ reason: 'Completed' })),
      ],
    ])('shows %s', (want, p) => expect(status(p)).toBe(want));

    it('counts init restarts while initializing, and drops them once initialized', () => {
      const crashing = init(
        waiting('CrashLoopBackOff', {
          restartCount: 4,
          lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * MIN) } },
        }),
      );
      expect(cells(crashing).slice(2, 4)).toEqual(['Init:CrashLoopBackOff', '4 (2m ago)']);
      const done = pod(
        {
          phase: 'Running',
          conditions: [condition('Initialized'), condition('Ready')],
          initContainerStatuses: [
            { ...terminated({ reason: 'Completed' }), name: 'first', restartCount: 4 },
            { ...terminated({ reason: 'Completed' }), name: 'second' },
          ],
          containerStatuses: [running()],
        },
        spec,
      );
      expect(cells(done).slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    });

    it('counts a started sidecar (restartPolicy: Always) as a container, with its restarts', () => {
      const p = pod(
        {
          phase: 'Running',
          conditions: [condition('Initialized'), condition('Ready')],
          initContainerStatuses: [
            {
              ...running('proxy'),
              restartCount: 2,
              lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * MIN) } },
            },
          ],
          containerStatuses: [running()],
        },
        { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
      );
      expect(cells(p).slice(1, 4)).toEqual(['2/2', 'Running', '2 (3m ago)']);
    });
  });

  describe('deleted pods', () => {
    const deleted = { deletionTimestamp: ago(MIN), deletionGracePeriodSeconds: 30 };
    it('show Terminating while they have not finished', () => {
      expect(status(pod({ phase: 'Running', containerStatuses: [running()] }, {}, deleted))).toBe(
        'Terminating',
      );
    });
    it('keep Completed or Error once they have', () => {
      const p = pod(
        { phase: 'Succeeded', containerStatuses: [terminated({ reason: 'Completed' })] },
        {},
        deleted,
      );
      expect(status(p)).toBe('Completed');
    });
    it('show Unknown when their node was lost', () => {
      const p = pod(
        { phase: 'Running', reason: 'NodeLost', containerStatuses: [running()] },
        {},
        deleted,
      );
      expect(status(p)).toBe('Unknown');
    });
  });

  describe('RESTARTS', () => {
    it('adds how long ago the last container terminated', () => {
      const p = pod({
        phase: 'Running',
        containerStatuses: [
          running('app', {
            restartCount: 5,
            lastState: { terminated: { exitCode: 1, finishedAt: ago(5 * MIN + 3_000) } },
          }),
        ],
      });
      expect(cells(p)[3]).toBe('5 (5m3s ago)');
    });
    it('takes the latest termination over all containers and sums their restarts', () => {
      const p = pod(
        {
          phase: 'Running',
          containerStatuses: [
            running('app', {
              restartCount: 1,
              lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * 60 * MIN) } },
            }),
            running('b', {
              restartCount: 2,
              lastState: { terminated: { exitCode: 1, finishedAt: ago(30_000) } },
            }),
          ],
        },
        { containers: [{ name: 'app' }, { name: 'b' }] },
      );
      expect(cells(p)[3]).toBe('3 (30s ago)');
    });
    it('is the bare count without a recorded termination', () => {
      expect(
        cells(
          pod({ phase: 'Running', containerStatuses: [running('app', { restartCount: 2 })] }),
        )[3],
      ).toBe('2');
    });
  });

  it('fills the wide columns: IP, NODE, NOMINATED NODE, READINESS GATES', () => {
    expect(cells(pod({ phase: 'Pending' })).slice(5)).toEqual([
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
    const p = pod(
      {
        phase: 'Running',
        podIP: '10.244.1.7',
        podIPs: [{ ip: '10.244.1.7' }, { ip: 'fd00::7' }],
        nominatedNodeName: 'node-b',
        conditions: [condition('example.com/ready'), condition('example.com/other', 'False')],
        containerStatuses: [running()],
      },
      {
        nodeName: 'node-a',
        readinessGates: [
          { conditionType: 'example.com/ready' },
          { conditionType: 'example.com/other' },
        ],
      },
    );
    expect(cells(p)).toEqual([
      'p',
      '1/1',
      'Running',
      '0',
      '10m',
      '10.244.1.7',
      'node-a',
      'node-b',
      '1/2',
    ]);
    // An object written with only podIP is read as if podIPs held it.
    expect(cells(pod({ phase: 'Running', podIP: '10.0.0.9' }))[5]).toBe('10.0.0.9');
  });

  it('marks finished pods with a Completed row condition', () => {
    const done = printPod(pod({ phase: 'Succeeded' }), NOW);
    expect(done.conditions).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
    expect(printPod(pod({ phase: 'Failed' }), NOW).conditions?.[0]?.reason).toBe('Failed');
    expect(printPod(pod({ phase: 'Running' }), NOW).conditions).toBeUndefined();
  });
});

describe('pods of a simulated cluster', () => {
  const manifest = (name: string, spec: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n${spec}`;
  const row = (c: SimCluster, name: string) =>
    printTable(
      c.pods().filter((p) => p.metadata.name === name),
      { group: '', kind: 'Pod', now: c.now },
    ).rows[0]!.cells;

  it('go ContainerCreating, then Running, and Terminating when deleted', () => {
    const c = new SimCluster();
    c.apply(manifest('web', '  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]'));
    c.reconcile();
    expect(row(c, 'web').slice(0, 4)).toEqual(['web', '0/1', 'ContainerCreating', '0']);
    c.runUntil(() => c.get('pods', 'default', 'web').status.phase === 'Running', 60_000);
    expect(row(c, 'web').slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    c.delete('pods', 'default', 'web');
    expect(row(c, 'web')[2]).toBe('Terminating');
  });

  it('show Completed, CrashLoopBackOff with the time of the last restart, Init:0/1 and Pending', () => {
    const c = new SimCluster();
    c.apply(
      manifest(
        'done',
        '  restartPolicy: Never\n  containers: [{name: c, image: busybox, command: [sh, -c, "echo hi"]}]',
      ),
    );
    c.apply(
      manifest('crash', '  containers: [{name: c, image: busybox, command: [sh, -c, "exit 3"]}]'),
    );
    c.apply(
      manifest(
        'initwait',
        '  initContainers: [{name: w, image: busybox, command: [sleep, "3600"]}]\n  containers: [{name: c, image: nginx}]',
      ),
    );
    c.apply(
      manifest(
        'huge',
        '  containers: [{name: c, image: nginx, resources: {requests: {cpu: "500"}}}]',
      ),
    );
    c.advance(5 * MIN);
    expect(row(c, 'done').slice(1, 4)).toEqual(['0/1', 'Completed', '0']);
    expect(row(c, 'crash')[2]).toBe('CrashLoopBackOff');
    expect(row(c, 'crash')[3]).toMatch(/^[1-9]\d* \(\S+ ago\)$/);
    expect(row(c, 'initwait').slice(1, 3)).toEqual(['0/1', 'Init:0/1']);
    expect(row(c, 'huge').slice(1, 3)).toEqual(['0/1', 'Pending']);
    expect(row(c, 'huge').slice(5, 7)).toEqual(['<none>', '<none>']);
  });
});

it('ages are those of the given clock', () => {
  const p = pod({ phase: 'Running' }, {}, { creationTimestamp: ago(49 * 60 * MIN) });
  expect(cells(p)[4]).toBe('2d1h');
  expect(cells(p, NOW - 49 * 60 * MIN - 5_000)[4]).toBe('<invalid>');
});
