import { schemaByTypeName, type KubeObject } from '@kubelab/apimachinery';
import { printTable, tableColumns } from '../../src/printers';
import { MIN, NOW, ago, obj } from './builders';

/** The cells of one object's row, as the API server prints them. */
const row = (group: string, o: KubeObject, now = NOW) =>
  printTable([o], { group, kind: o.kind, now }).rows[0]!.cells;
/** Column headers as kubectl shows them; a star marks -o wide ones. */
const headers = (group: string, kind: string) =>
  tableColumns(group, kind).map((c) => c.name.toUpperCase() + (c.priority ? '*' : ''));

const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
  obj('v1', 'Service', 'web', {
    spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ...spec },
    status: { loadBalancer: {}, ...status },
  });

describe('the Table envelope', () => {
  const pods = [
    obj(
      'v1',
      'Pod',
      'a',
      { spec: {}, status: { phase: 'Pending' } },
      { resourceVersion: '7', labels: { app: 'a' } },
    ),
  ];

  it('carries the list metadata, every column and PartialObjectMetadata rows by default', () => {
    const t = printTable(pods, {
      group: '',
      kind: 'Pod',
      now: NOW,
      resourceVersion: '42',
      continueToken: 'abc',
    });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '42', continue: 'abc' });
    expect(t.columnDefinitions[0]).toEqual({
      name: 'Name',
      type: 'string',
      format: 'name',
      description: schemaByTypeName('ObjectMeta')!.field('name')!.description,
      priority: 0,
    });
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Status', 'string', 0],
      ['Restarts', 'string', 0],
      ['Age', 'string', 0],
      ['IP', 'string', 1],
      ['Node', 'string', 1],
      ['Nominated Node', 'string', 1],
      ['Readiness Gates', 'string', 1],
    ]);
    expect(t.rows[0]!.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: pods[0]!.metadata,
    });
    expect(
      printTable(pods, { group: '', kind: 'Pod', now: NOW, includeObject: 'Metadata' }).rows[0]!
        .object,
    ).toEqual(t.rows[0]!.object);
  });

  it('includes the whole object with includeObject=Object, and none with None', () => {
    expect(
      printTable(pods, { group: '', kind: 'Pod', now: NOW, includeObject: 'Object' }).rows[0]!
        .object,
    ).toBe(pods[0]);
    const none = printTable(pods, { group: '', kind: 'Pod', now: NOW, includeObject: 'None' });
    expect('object' in none.rows[0]!).toBe(false);
    expect(none.metadata).toEqual({});
  });

  it('prints kinds without a printer as NAME and CREATED AT', () => {
    const role = obj(
      'rbac.authorization.k8s.io/v1',
      'Role',
      'reader',
      {},
      { creationTimestamp: '2026-01-05T09:50:00Z' },
    );
    const t = printTable([role], { group: 'rbac.authorization.k8s.io', kind: 'Role', now: NOW });
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ]);
    expect(t.rows[0]!.cells).toEqual(['reader', '2026-01-05T09:50:00Z']);
    expect(headers('', 'LimitRange')).toEqual(['NAME', 'CREATED AT']);
    expect(headers('example.com', 'Widget')).toEqual(['NAME', 'CREATED AT']);
  });
});

describe('services (printService)', () => {
  it.each([
    [
      'ClusterIP',
      svc({ type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP' }] }),
      ['ClusterIP', '10.96.0.10', '<none>', '80/TCP'],
    ],
    [
      'NodePort',
      svc({
        type: 'NodePort',
        ports: [
          { port: 80, nodePort: 30100, protocol: 'TCP' },
          { port: 443, protocol: 'TCP' },
        ],
      }),
      ['NodePort', '10.96.0.10', '<none>', '80:30100/TCP,443/TCP'],
    ],
    [
      'ClusterIP with external IPs',
      svc({
        type: 'ClusterIP',
        externalIPs: ['1.2.3.4', '5.6.7.8'],
        ports: [{ port: 53, protocol: 'UDP' }],
      }),
      ['ClusterIP', '10.96.0.10', '1.2.3.4,5.6.7.8', '53/UDP'],
    ],
    [
      'LoadBalancer waiting for its address',
      svc({ type: 'LoadBalancer', ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }] }),
      ['LoadBalancer', '10.96.0.10', '<pending>', '80:31000/TCP'],
    ],
    [
      'LoadBalancer with ingress points (IPs sorted, hostnames when no IP)',
      svc(
        { type: 'LoadBalancer', ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }] },
        {
          loadBalancer: {
            ingress: [
              { ip: '203.0.113.9' },
              { hostname: 'lb.example.com' },
              { ip: '203.0.113.10' },
            ],
          },
        },
      ),
      ['LoadBalancer', '10.96.0.10', '203.0.113.10,203.0.113.9,lb.example.com', '80:31000/TCP'],
    ],
    [
      'LoadBalancer with ingress and external IPs',
      svc(
        {
          type: 'LoadBalancer',
          externalIPs: ['9.9.9.9'],
          ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }],
        },
        { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } },
      ),
      ['LoadBalancer', '10.96.0.10', '203.0.113.9,9.9.9.9', '80:31000/TCP'],
    ],
    [
      'ExternalName',
      obj('v1', 'Service', 'web', {
        spec: { type: 'ExternalName', externalName: 'db.example.com' },
      }),
      ['ExternalName', '<none>', 'db.example.com', '<none>'],
    ],
    [
      'headless',
      svc({
        type: 'ClusterIP',
        clusterIP: 'None',
        clusterIPs: ['None'],
        ports: [{ port: 80, protocol: 'TCP' }],
      }),
      ['ClusterIP', 'None', '<none>', '80/TCP'],
    ],
  ])('%s', (_what, s, want) => expect(row('', s).slice(1, 5)).toEqual(want));

  it('ends with AGE and the wide SELECTOR', () => {
    const s = svc({
      type: 'ClusterIP',
      selector: { tier: 'web', app: 'shop' },
      ports: [{ port: 80, protocol: 'TCP' }],
    });
    expect(row('', s).slice(5)).toEqual(['10m', 'app=shop,tier=web']);
    expect(row('', svc({ type: 'ClusterIP' })).slice(5)).toEqual(['10m', '<none>']);
    expect(headers('', 'Service')).toEqual([
      'NAME',
      'TYPE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
      'PORT(S)',
      'AGE',
      'SELECTOR*',
    ]);
  });
});

describe('endpoints (printEndpoints, printEndpointSlice)', () => {
  const ep = (subsets?: unknown[]) => obj('v1', 'Endpoints', 'web', subsets ? { subsets } : {});
  const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));

  it('lists up to three address:port pairs, then how many more', () => {
    expect(row('', ep())[1]).toBe('<none>');
    expect(
      row('', ep([{ addresses: addrs('10.244.1.2', '10.244.2.3'), ports: [{ port: 80 }] }]))[1],
    ).toBe('10.244.1.2:80,10.244.2.3:80');
    const many = ep([
      {
        addresses: addrs('10.244.1.2', '10.244.2.3', '10.244.3.4', '10.244.1.5'),
        ports: [{ port: 80 }],
      },
    ]);
    expect(row('', many)[1]).toBe('10.244.1.2:80,10.244.2.3:80,10.244.3.4:80 + 1 more...');
    const twoPorts = ep([
      {
        addresses: addrs('10.244.1.2', '10.244.2.3'),
        ports: [
          { name: 'http', port: 80 },
          { name: 'https', port: 443 },
        ],
      },
    ]);
    expect(row('', twoPorts)[1]).toBe('10.244.1.2:80,10.244.2.3:80,10.244.1.2:443 + 1 more...');
  });

  it('prints bare IPs for a portless subset and brackets IPv6', () => {
    expect(row('', ep([{ addresses: addrs('10.0.0.1') }]))[1]).toBe('10.0.0.1');
    expect(row('', ep([{ addresses: addrs('fd00::1'), ports: [{ port: 8080 }] }]))[1]).toBe(
      '[fd00::1]:8080',
    );
    // Not-ready addresses are not listed.
    expect(row('', ep([{ notReadyAddresses: addrs('10.0.0.1'), ports: [{ port: 80 }] }]))[1]).toBe(
      '',
    );
  });

  it('prints an EndpointSlice with its address type, ports and addresses', () => {
    const slice = obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-abcde', {
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 80 }, { name: 'x' }, {}, { port: 9 }],
      endpoints: [
        { addresses: ['10.244.1.2'] },
        { addresses: ['10.244.2.3', '10.244.2.4', '10.244.2.5'] },
      ],
    });
    expect(row('discovery.k8s.io', slice)).toEqual([
      'web-abcde',
      'IPv4',
      '80,x,* + 1 more...',
      '10.244.1.2,10.244.2.3,10.244.2.4 + 1 more...',
      '10m',
    ]);
    const empty = obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-x', { addressType: 'IPv4' });
    expect(row('discovery.k8s.io', empty).slice(2, 4)).toEqual(['<unset>', '<unset>']);
  });
});

describe('events (printEvent)', () => {
  const involvedObject = {
    kind: 'Pod',
    namespace: 'default',
    name: 'web-1',
    fieldPath: 'spec.containers{app}',
  };

  it('has the 1.32 columns: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, and the wide ones', () => {
    const want = [
      'LAST SEEN',
      'TYPE',
      'REASON',
      'OBJECT',
      'SUBOBJECT*',
      'SOURCE*',
      'MESSAGE',
      'FIRST SEEN*',
      'COUNT*',
      'NAME*',
    ];
    expect(headers('', 'Event')).toEqual(want);
    expect(headers('events.k8s.io', 'Event')).toEqual(want);
    expect(tableColumns('', 'Event')[9]).toMatchObject({ format: 'name', priority: 1 });
  });

  it('prints a kubelet event recorded with first and last timestamps', () => {
    const e = obj('v1', 'Event', 'web-1.17a', {
      involvedObject,
      reason: 'BackOff',
      message: 'Back-off restarting failed container app\n',
      type: 'Warning',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(8 * MIN),
      lastTimestamp: ago(30_000),
      count: 12,
    });
    expect(row('', e)).toEqual([
      '30s',
      'Warning',
      'BackOff',
      'pod/web-1',
      'spec.containers{app}',
      'kubelet, node-1',
      'Back-off restarting failed container app',
      '8m',
      12,
      'web-1.17a',
    ]);
  });

  it('uses eventTime when there are no timestamps, and the reporting controller as SOURCE', () => {
    const e = obj('v1', 'Event', 'web-1.17b', {
      involvedObject: { kind: 'Pod', name: 'web-1' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-1 to node-1',
      type: 'Normal',
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: '2026-01-05T09:58:30.123456Z',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-cp',
    });
    const cells = row('', e);
    expect([cells[0], cells[3], cells[4], cells[5], cells[7], cells[8]]).toEqual([
      '89s',
      'pod/web-1',
      '',
      'default-scheduler, default-scheduler-cp',
      '89s',
      1,
    ]);
  });

  it('takes LAST SEEN and COUNT from a series', () => {
    const e = obj('v1', 'Event', 'x', {
      involvedObject: { kind: 'Node', name: '' },
      reason: 'Rebooted',
      type: 'Warning',
      eventTime: ago(60 * MIN),
      series: { count: 4, lastObservedTime: ago(2 * MIN) },
      reportingComponent: 'kubelet',
    });
    const cells = row('', e);
    expect([cells[0], cells[3], cells[5], cells[7], cells[8]]).toEqual([
      '2m',
      'node',
      'kubelet',
      '60m',
      4,
    ]);
  });

  it('prints events.k8s.io/v1 Events like the core ones they are', () => {
    const e = obj('events.k8s.io/v1', 'Event', 'web-1.17c', {
      eventTime: ago(3 * MIN),
      reportingController: 'kubelet',
      reportingInstance: 'node-1',
      action: 'Pulling',
      reason: 'Pulling',
      regarding: involvedObject,
      note: 'Pulling image "nginx"',
      type: 'Normal',
      deprecatedSource: { component: 'kubelet', host: 'node-1' },
      deprecatedFirstTimestamp: ago(5 * MIN),
      deprecatedLastTimestamp: ago(4 * MIN),
      deprecatedCount: 2,
    });
    expect(row('events.k8s.io', e)).toEqual([
      '4m',
      'Normal',
      'Pulling',
      'pod/web-1',
      'spec.containers{app}',
      'kubelet, node-1',
      'Pulling image "nginx"',
      '5m',
      2,
      'web-1.17c',
    ]);
  });
});

describe('nodes (printNode)', () => {
  const node = (
    labels: Record<string, string>,
    status: Record<string, unknown>,
    spec: Record<string, unknown> = {},
  ) => obj('v1', 'Node', 'n1', { spec, status }, { namespace: undefined, labels });
  const info = {
    kubeletVersion: 'v1.32.4',
    osImage: 'Debian GNU/Linux 12 (bookworm)',
    kernelVersion: '6.8.0',
    containerRuntimeVersion: 'containerd://1.7.24',
  };

  it('prints status, roles, version and the wide columns', () => {
    const n = node(
      {
        'node-role.kubernetes.io/control-plane': '',
        'node-role.kubernetes.io/etcd': '',
        'kubernetes.io/role': 'master',
      },
      {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'True' },
        ],
        addresses: [
          { type: 'InternalIP', address: '172.18.0.2' },
          { type: 'Hostname', address: 'n1' },
        ],
        nodeInfo: info,
      },
    );
    expect(row('', n)).toEqual([
      'n1',
      'Ready',
      'control-plane,etcd,master',
      '10m',
      'v1.32.4',
      '172.18.0.2',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.8.0',
      'containerd://1.7.24',
    ]);
  });

  it('says NotReady, Unknown and SchedulingDisabled', () => {
    expect(row('', node({}, { conditions: [{ type: 'Ready', status: 'False' }] }))[1]).toBe(
      'NotReady',
    );
    expect(
      row(
        '',
        node({}, { conditions: [{ type: 'Ready', status: 'Unknown' }] }, { unschedulable: true }),
      )[1],
    ).toBe('NotReady,SchedulingDisabled');
    expect(row('', node({}, {})).slice(1)).toEqual([
      'Unknown',
      '<none>',
      '10m',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
  });
});

describe('workloads', () => {
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: {
      containers: [
        { name: 'web', image: 'nginx:1.27' },
        { name: 'log', image: 'busybox' },
      ],
    },
  };

  it('prints a Deployment: READY ready/desired, UP-TO-DATE, AVAILABLE', () => {
    const d = obj('apps/v1', 'Deployment', 'web', {
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
      status: { replicas: 3, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 },
    });
    expect(row('apps', d)).toEqual([
      'web',
      '1/3',
      2,
      1,
      '10m',
      'web,log',
      'nginx:1.27,busybox',
      'app=web',
    ]);
    expect(headers('apps', 'Deployment')).toEqual([
      'NAME',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'AGE',
      'CONTAINERS*',
      'IMAGES*',
      'SELECTOR*',
    ]);
  });

  it('prints a ReplicaSet: DESIRED, CURRENT, READY as integers', () => {
    const rs = obj('apps/v1', 'ReplicaSet', 'web-5d4f8', {
      spec: {
        replicas: 2,
        selector: {
          matchLabels: { app: 'web', 'pod-template-hash': '5d4f8' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }],
        },
        template,
      },
      status: { replicas: 2 },
    });
    expect(row('apps', rs)).toEqual([
      'web-5d4f8',
      2,
      2,
      0,
      '10m',
      'web,log',
      'nginx:1.27,busybox',
      'app=web,pod-template-hash=5d4f8,tier in (a,b)',
    ]);
    expect(tableColumns('apps', 'ReplicaSet').map((c) => c.type)).toEqual([
      'string',
      'integer',
      'integer',
      'integer',
      'string',
      'string',
      'string',
      'string',
    ]);
  });

  it('prints StatefulSets, DaemonSets, ReplicationControllers and ControllerRevisions', () => {
    const sts = obj('apps/v1', 'StatefulSet', 'db', {
      spec: { replicas: 3, template },
      status: { readyReplicas: 2 },
    });
    expect(row('apps', sts)).toEqual(['db', '2/3', '10m', 'web,log', 'nginx:1.27,busybox']);
    const ds = obj('apps/v1', 'DaemonSet', 'agent', {
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } },
      },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
      },
    });
    expect(row('apps', ds)).toEqual([
      'agent',
      3,
      3,
      2,
      3,
      2,
      'kubernetes.io/os=linux',
      '10m',
      'web,log',
      'nginx:1.27,busybox',
      'app=agent',
    ]);
    const rc = obj('v1', 'ReplicationController', 'old', {
      spec: { replicas: 2, selector: { app: 'old' }, template },
      status: { replicas: 2, readyReplicas: 2 },
    });
    expect(row('', rc)).toEqual([
      'old',
      2,
      2,
      2,
      '10m',
      'web,log',
      'nginx:1.27,busybox',
      'app=old',
    ]);
    const cr = obj(
      'apps/v1',
      'ControllerRevision',
      'db-7c9d',
      { revision: 2 },
      {
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u', controller: true },
        ],
      },
    );
    expect(row('apps', cr)).toEqual(['db-7c9d', 'statefulset.apps/db', 2, '10m']);
    expect(row('apps', obj('apps/v1', 'ControllerRevision', 'x', { revision: 1 }))[1]).toBe(
      '<none>',
    );
  });

  describe('Jobs (1.32: STATUS first)', () => {
    const job = (spec: Record<string, unknown>, status: Record<string, unknown>, meta = {}) =>
      obj('batch/v1', 'Job', 'pi', { spec: { template, ...spec }, status }, meta);
    const cond = (type: string, s = 'True') => ({ type, status: s });

    it('has the STATUS, COMPLETIONS and DURATION columns', () => {
      expect(headers('batch', 'Job')).toEqual([
        'NAME',
        'STATUS',
        'COMPLETIONS',
        'DURATION',
        'AGE',
        'CONTAINERS*',
        'IMAGES*',
        'SELECTOR*',
      ]);
    });

    it.each([
      ['Complete', {}, { conditions: [cond('SuccessCriteriaMet'), cond('Complete')] }],
      ['Failed', {}, { conditions: [cond('FailureTarget'), cond('Failed')] }],
      ['Suspended', { suspend: true }, { conditions: [cond('Suspended')] }],
      ['FailureTarget', {}, { conditions: [cond('FailureTarget')] }],
      ['Running', {}, { active: 1, conditions: [cond('Suspended', 'False')] }],
    ])('shows %s', (want, spec, status) => expect(row('batch', job(spec, status))[1]).toBe(want));

    it('shows Terminating once deleted, unless already finished', () => {
      expect(row('batch', job({}, {}, { deletionTimestamp: ago(MIN) }))[1]).toBe('Terminating');
      expect(
        row(
          'batch',
          job({}, { conditions: [cond('Complete')] }, { deletionTimestamp: ago(MIN) }),
        )[1],
      ).toBe('Complete');
    });

    it('counts completions and measures the duration', () => {
      const done = job(
        {
          completions: 3,
          selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } },
        },
        {
          succeeded: 3,
          startTime: ago(9 * MIN),
          completionTime: ago(9 * MIN - 47_000),
        },
      );
      expect(row('batch', done).slice(2)).toEqual([
        '3/3',
        '47s',
        '10m',
        'web,log',
        'nginx:1.27,busybox',
        'batch.kubernetes.io/controller-uid=u1',
      ]);
      expect(
        row('batch', job({ parallelism: 2 }, { succeeded: 0, startTime: ago(4 * MIN) })).slice(
          2,
          4,
        ),
      ).toEqual(['0/1 of 2', '4m']);
      expect(row('batch', job({ parallelism: 1 }, {})).slice(2, 4)).toEqual(['0/1', '']);
    });
  });

  it('prints CronJobs with the TIMEZONE column', () => {
    expect(headers('batch', 'CronJob')).toEqual([
      'NAME',
      'SCHEDULE',
      'TIMEZONE',
      'SUSPEND',
      'ACTIVE',
      'LAST SCHEDULE',
      'AGE',
      'CONTAINERS*',
      'IMAGES*',
      'SELECTOR*',
    ]);
    const cj = obj('batch/v1', 'CronJob', 'hello', {
      spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } },
      status: { active: [{ name: 'hello-1' }], lastScheduleTime: ago(3 * MIN) },
    });
    expect(row('batch', cj)).toEqual([
      'hello',
      '*/5 * * * *',
      '<none>',
      'False',
      1,
      '3m',
      '10m',
      'web,log',
      'nginx:1.27,busybox',
      '<none>',
    ]);
    const tz = obj('batch/v1', 'CronJob', 'tz', {
      spec: { schedule: '@daily', timeZone: 'Europe/Paris', jobTemplate: { spec: { template } } },
    });
    expect(row('batch', tz).slice(1, 6)).toEqual([
      '@daily',
      'Europe/Paris',
      '<unset>',
      0,
      '<none>',
    ]);
  });
});

describe('autoscalers (printHorizontalPodAutoscaler)', () => {
  const hpa = (
    metrics: unknown[] | undefined,
    currentMetrics?: unknown[],
    extra: Record<string, unknown> = {},
  ) =>
    obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 10,
        ...(metrics ? { metrics } : {}),
        ...extra,
      },
      status: {
        currentReplicas: 2,
        desiredReplicas: 2,
        ...(currentMetrics ? { currentMetrics } : {}),
      },
    });
  const cpu = (target: Record<string, unknown>) => ({
    type: 'Resource',
    resource: { name: 'cpu', target },
  });
  const cpuNow = (current: Record<string, unknown>) => ({
    type: 'Resource',
    resource: { name: 'cpu', current },
  });

  it('prints REFERENCE, TARGETS, MINPODS, MAXPODS, REPLICAS', () => {
    expect(headers('autoscaling', 'HorizontalPodAutoscaler')).toEqual([
      'NAME',
      'REFERENCE',
      'TARGETS',
      'MINPODS',
      'MAXPODS',
      'REPLICAS',
      'AGE',
    ]);
    const h = hpa(
      [cpu({ type: 'Utilization', averageUtilization: 50 })],
      [cpuNow({ averageUtilization: 30, averageValue: '150m' })],
    );
    expect(row('autoscaling', h)).toEqual([
      'web',
      'Deployment/web',
      'cpu: 30%/50%',
      '1',
      10,
      2,
      '10m',
    ]);
  });

  it.each([
    [
      'no current value yet',
      [cpu({ type: 'Utilization', averageUtilization: 50 })],
      undefined,
      'cpu: <unknown>/50%',
    ],
    [
      'an average value target',
      [cpu({ type: 'AverageValue', averageValue: '500m' })],
      [cpuNow({ averageValue: '250m' })],
      'cpu: 250m/500m',
    ],
    ['no metrics', undefined, undefined, '<none>'],
    [
      'pods and external metrics',
      [
        {
          type: 'Pods',
          pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } },
        },
        {
          type: 'External',
          external: {
            metric: { name: 'queue' },
            target: { type: 'AverageValue', averageValue: '30' },
          },
        },
      ],
      [{ type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '12' } } }],
      '12/10, <unknown>/30 (avg)',
    ],
    [
      'more than two metrics',
      [
        cpu({ type: 'Utilization', averageUtilization: 50 }),
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } },
        },
        {
          type: 'ContainerResource',
          containerResource: {
            name: 'cpu',
            container: 'app',
            target: { type: 'Utilization', averageUtilization: 60 },
          },
        },
      ],
      undefined,
      'cpu: <unknown>/50%, memory: <unknown>/1Gi + 1 more...',
    ],
  ])('formats TARGETS with %s', (_what, metrics, current, want) =>
    expect(
      row(
        'autoscaling',
        hpa(metrics as unknown[] | undefined, current as unknown[] | undefined),
      )[2],
    ).toBe(want),
  );

  it('reads an autoscaling/v1 object and an unset minReplicas', () => {
    const v1 = obj('autoscaling/v1', 'HorizontalPodAutoscaler', 'web', {
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 80,
      },
      status: { currentReplicas: 1, currentCPUUtilizationPercentage: 12 },
    });
    expect(row('autoscaling', v1).slice(1, 6)).toEqual([
      'Deployment/web',
      'cpu: 12%/80%',
      '<unset>',
      5,
      1,
    ]);
  });
});

describe('networking', () => {
  it('prints an Ingress: CLASS, HOSTS, ADDRESS, PORTS', () => {
    const ing = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
      obj('networking.k8s.io/v1', 'Ingress', 'web', { spec, status });
    expect(headers('networking.k8s.io', 'Ingress')).toEqual([
      'NAME',
      'CLASS',
      'HOSTS',
      'ADDRESS',
      'PORTS',
      'AGE',
    ]);
    expect(row('networking.k8s.io', ing({ rules: [{ http: {} }] }))).toEqual([
      'web',
      '<none>',
      '*',
      '',
      '80',
      '10m',
    ]);
    const full = ing(
      {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['a.example.com'] }],
        rules: [
          { host: 'a.example.com' },
          { host: 'b.example.com' },
          {},
          { host: 'c.example.com' },
          { host: 'd.example.com' },
        ],
      },
      { loadBalancer: { ingress: [{ ip: '172.18.0.3' }] } },
    );
    expect(row('networking.k8s.io', full).slice(1, 5)).toEqual([
      'nginx',
      'a.example.com,b.example.com,c.example.com + 2 more...',
      '172.18.0.3',
      '80, 443',
    ]);
  });

  it('prints IngressClasses and NetworkPolicies', () => {
    const ic = obj('networking.k8s.io/v1', 'IngressClass', 'nginx', {
      spec: {
        controller: 'k8s.io/ingress-nginx',
        parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' },
      },
    });
    expect(row('networking.k8s.io', ic)).toEqual([
      'nginx',
      'k8s.io/ingress-nginx',
      'IngressParameters.k8s.example.com/external-lb',
      '10m',
    ]);
    const np = (podSelector: unknown) =>
      obj('networking.k8s.io/v1', 'NetworkPolicy', 'deny', { spec: { podSelector } });
    expect(row('networking.k8s.io', np({}))[1]).toBe('<none>');
    expect(row('networking.k8s.io', np({ matchLabels: { role: 'db' } }))[1]).toBe('role=db');
  });
});

describe('storage, quota and the rest of part 2', () => {
  it('prints PersistentVolumes and claims', () => {
    const pv = obj(
      'v1',
      'PersistentVolume',
      'pv1',
      {
        spec: {
          capacity: { storage: '10Gi' },
          accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Retain',
          claimRef: { namespace: 'default', name: 'data' },
          storageClassName: 'standard',
          volumeMode: 'Filesystem',
        },
        status: { phase: 'Bound' },
      },
      { namespace: undefined },
    );
    expect(row('', pv)).toEqual([
      'pv1',
      '10Gi',
      'RWO,RWX',
      'Retain',
      'Bound',
      'default/data',
      'standard',
      '<unset>',
      '',
      '10m',
      'Filesystem',
    ]);
    const pending = obj('v1', 'PersistentVolumeClaim', 'data', {
      spec: { storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } },
      status: { phase: 'Pending' },
    });
    expect(row('', pending)).toEqual([
      'data',
      'Pending',
      '',
      '',
      '',
      'standard',
      '<unset>',
      '10m',
      '<unset>',
    ]);
    const bound = obj(
      'v1',
      'PersistentVolumeClaim',
      'data',
      {
        spec: { volumeName: 'pv1', storageClassName: 'standard', volumeMode: 'Filesystem' },
        status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] },
      },
      { deletionTimestamp: ago(MIN) },
    );
    expect(row('', bound)).toEqual([
      'data',
      'Terminating',
      'pv1',
      '10Gi',
      'RWO',
      'standard',
      '<unset>',
      '10m',
      'Filesystem',
    ]);
  });

  it('prints StorageClasses, marking the default one', () => {
    const sc = obj(
      'storage.k8s.io/v1',
      'StorageClass',
      'standard',
      { provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' },
      {
        namespace: undefined,
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
    );
    expect(row('storage.k8s.io', sc)).toEqual([
      'standard (default)',
      'rancher.io/local-path',
      'Delete',
      'WaitForFirstConsumer',
      false,
      '10m',
    ]);
  });

  it('prints ResourceQuotas with requests and limits apart, sorted by resource', () => {
    const rq = obj('v1', 'ResourceQuota', 'compute', {
      spec: {},
      status: {
        hard: {
          pods: '10',
          'requests.cpu': '1',
          'limits.memory': '2Gi',
          'requests.memory': '1Gi',
          'limits.cpu': '2',
        },
        used: { pods: '3', 'requests.cpu': '500m', 'requests.memory': '256Mi', 'limits.cpu': '1' },
      },
    });
    expect(row('', rq)).toEqual([
      'compute',
      '10m',
      'pods: 3/10, requests.cpu: 500m/1, requests.memory: 256Mi/1Gi',
      'limits.cpu: 1/2, limits.memory: 0/2Gi',
    ]);
  });

  it('prints PodDisruptionBudgets, PriorityClasses and Leases', () => {
    const pdb = obj('policy/v1', 'PodDisruptionBudget', 'web', {
      spec: { minAvailable: '50%' },
      status: { disruptionsAllowed: 1 },
    });
    expect(row('policy', pdb)).toEqual(['web', '50%', 'N/A', 1, '10m']);
    expect(
      row(
        'policy',
        obj('policy/v1', 'PodDisruptionBudget', 'x', { spec: { maxUnavailable: 1 } }),
      ).slice(1, 4),
    ).toEqual(['N/A', '1', 0]);
    const pc = obj('scheduling.k8s.io/v1', 'PriorityClass', 'high', {
      value: 1000000,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    expect(row('scheduling.k8s.io', pc)).toEqual([
      'high',
      1000000,
      false,
      '10m',
      'PreemptLowerPriority',
    ]);
    expect(headers('scheduling.k8s.io', 'PriorityClass')).toEqual([
      'NAME',
      'VALUE',
      'GLOBAL-DEFAULT',
      'AGE',
      'PREEMPTIONPOLICY',
    ]);
    const lease = obj('coordination.k8s.io/v1', 'Lease', 'node-1', {
      spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 },
    });
    expect(row('coordination.k8s.io', lease)).toEqual(['node-1', 'node-1', '10m']);
  });

  it('prints RoleBindings with their subjects when wide, and Roles as NAME and CREATED AT', () => {
    const rb = obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'read-pods', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [
        { kind: 'User', name: 'jane' },
        { kind: 'ServiceAccount', namespace: 'default', name: 'ci' },
        { kind: 'Group', name: 'devs' },
        { kind: 'User', name: 'joe' },
      ],
    });
    expect(row('rbac.authorization.k8s.io', rb)).toEqual([
      'read-pods',
      'Role/pod-reader',
      '10m',
      'jane, joe',
      'devs',
      'default/ci',
    ]);
    expect(headers('rbac.authorization.k8s.io', 'ClusterRoleBinding')).toEqual([
      'NAME',
      'ROLE',
      'AGE',
      'USERS*',
      'GROUPS*',
      'SERVICEACCOUNTS*',
    ]);
    expect(headers('rbac.authorization.k8s.io', 'ClusterRole')).toEqual(['NAME', 'CREATED AT']);
  });

  it('prints ConfigMaps, Secrets and ServiceAccounts with their counts', () => {
    expect(
      row(
        '',
        obj('v1', 'ConfigMap', 'cfg', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }),
      ),
    ).toEqual(['cfg', 3, '10m']);
    expect(
      row(
        '',
        obj('v1', 'Secret', 'tls', {
          type: 'kubernetes.io/tls',
          data: { 'tls.crt': 'AA==', 'tls.key': 'AA==' },
        }),
      ),
    ).toEqual(['tls', 'kubernetes.io/tls', 2, '10m']);
    expect(row('', obj('v1', 'ServiceAccount', 'default', {}))).toEqual(['default', 0, '10m']);
    expect(
      row(
        '',
        obj(
          'v1',
          'Namespace',
          'dev',
          { status: { phase: 'Terminating' } },
          { namespace: undefined },
        ),
      ),
    ).toEqual(['dev', 'Terminating', '10m']);
  });

  it('prints <unknown> for an object without a creation time', () => {
    expect(row('', obj('v1', 'ConfigMap', 'x', {}, { creationTimestamp: undefined }))[2]).toBe(
      '<unknown>',
    );
    expect(
      row(
        'rbac.authorization.k8s.io',
        obj('rbac.authorization.k8s.io/v1', 'Role', 'x', {}, { creationTimestamp: undefined }),
      )[1],
    ).toBe('0001-01-01T00:00:00Z');
  });
});
