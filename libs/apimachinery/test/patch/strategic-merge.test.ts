// Strategic merge patch on Kubernetes shapes: what kubectl patch, edit and client-side apply see.
import { StatusError } from '../../src/api/errors';
import type { JsonObject } from '../../src/patch/json';
import {
  MergeConflictError,
  PreconditionFailedError,
  requireKeyUnchanged,
  requireMetadataKeyUnchanged,
} from '../../src/patch/preconditions';
import {
  StrategicMergePatchError,
  applyStrategicMergePatch,
  createThreeWayMergePatch,
  createTwoWayMergePatch,
  strategicMergePatch,
} from '../../src/patch/strategic-merge';
import { deployment, pod, service } from './schemas';

const clone = <V>(v: V): V => JSON.parse(JSON.stringify(v)) as V;

function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.toStatus();
    throw e;
  }
  throw new Error('expected a StatusError');
}

const live = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' }, finalizers: ['a', 'b', 'c'] },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.25',
            args: ['-a', '-b'],
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
          { name: 'sidecar', image: 'busybox' },
        ],
        volumes: [{ name: 'data', emptyDir: { medium: 'Memory' } }],
        tolerations: [{ key: 'k', operator: 'Exists' }],
      },
    },
  },
};
type Live = typeof live;
const patch = (p: unknown) => strategicMergePatch(live, p, deployment) as unknown as Live;
const podSpec = (o: Live) => o.spec.template.spec;

describe('applying on a Deployment', () => {
  test('containers merge by name; fields merge recursively', () => {
    const out = patch({
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    });
    expect(podSpec(out).containers.map((c) => [c.name, c.image])).toEqual([
      ['nginx', 'nginx:1.27'],
      ['sidecar', 'busybox'],
    ]);
    expect(podSpec(out).containers[0]!.env).toEqual(live.spec.template.spec.containers[0]!.env);
  });

  test('a new container is appended; env merges by name; ports by containerPort', () => {
    const out = patch({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'nginx',
                env: [
                  { name: 'B', value: '20' },
                  { name: 'C', value: '3' },
                ],
                ports: [{ containerPort: 443 }],
              },
              { name: 'logger', image: 'fluentd' },
            ],
          },
        },
      },
    });
    const [nginx, ...rest] = podSpec(out).containers;
    expect(nginx!.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '20' },
      { name: 'C', value: '3' },
    ]);
    // Without $setElementOrder, new items go ahead of the items only the server has.
    expect(nginx!.ports).toEqual([{ containerPort: 443 }, { containerPort: 80, protocol: 'TCP' }]);
    expect(rest.map((c) => c.name)).toEqual(['logger', 'sidecar']);
  });

  test('lists without a merge strategy (args, tolerations) are replaced', () => {
    const out = patch({
      spec: {
        template: { spec: { containers: [{ name: 'nginx', args: ['-c'] }], tolerations: [] } },
      },
    });
    expect(podSpec(out).containers[0]!.args).toEqual(['-c']);
    expect(podSpec(out).tolerations).toEqual([]);
  });

  test('null deletes; maps merge', () => {
    const out = patch({
      metadata: { labels: { tier: null, team: 'x' } },
      spec: { replicas: null },
    });
    expect(out.metadata.labels).toEqual({ app: 'web', team: 'x' });
    expect('replicas' in out.spec).toBe(false);
  });

  test('$patch: delete removes a list item, $patch: replace replaces a list or a map', () => {
    const del = patch({
      spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } },
    });
    expect(podSpec(del).containers.map((c) => c.name)).toEqual(['nginx']);
    const rep = patch({
      spec: {
        template: { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } },
      },
    });
    expect(podSpec(rep).containers).toEqual([{ name: 'only', image: 'x' }]);
    const labels = patch({ metadata: { labels: { $patch: 'replace', only: 'me' } } });
    expect(labels.metadata.labels).toEqual({ only: 'me' });
    const gone = patch({ spec: { selector: { $patch: 'delete' } } });
    expect(gone.spec.selector).toEqual({});
  });

  test('$deleteFromPrimitiveList removes set members', () => {
    const out = patch({
      metadata: { '$deleteFromPrimitiveList/finalizers': ['b'], finalizers: ['d'] },
    });
    expect(out.metadata.finalizers).toEqual(['d', 'a', 'c']);
  });

  test('$setElementOrder orders the merged list', () => {
    const out = patch({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }],
            containers: [{ name: 'nginx', image: 'nginx:2' }],
          },
        },
      },
    });
    expect(podSpec(out).containers.map((c) => c.name)).toEqual(['sidecar', 'nginx']);
  });

  test('$retainKeys on volumes (merge,retainKeys) switches the volume source', () => {
    const out = patch({
      spec: {
        template: {
          spec: {
            volumes: [
              { name: 'data', $retainKeys: ['hostPath', 'name'], hostPath: { path: '/d' } },
            ],
          },
        },
      },
    });
    expect(podSpec(out).volumes).toEqual([{ name: 'data', hostPath: { path: '/d' } }]);
    // Without the directive the sources would both be kept.
    const merged = patch({
      spec: { template: { spec: { volumes: [{ name: 'data', hostPath: { path: '/d' } }] } } },
    });
    expect(podSpec(merged).volumes).toEqual([
      { name: 'data', emptyDir: { medium: 'Memory' }, hostPath: { path: '/d' } },
    ]);
  });

  test('fields the schema does not know merge like a JSON merge patch', () => {
    const withExtra = { ...clone(live), extra: { a: [1, 2], m: { x: 1, y: 2 } } };
    expect(
      strategicMergePatch(withExtra, { extra: { a: [3], m: { y: null, z: 3 } } }, deployment)[
        'extra'
      ],
    ).toEqual({
      a: [3],
      m: { x: 1, z: 3 },
    });
    // No schema at all: the same everywhere.
    expect(
      strategicMergePatch({ l: [1, 2], m: { a: 1 } }, { l: [3], m: { b: 2 } }, undefined),
    ).toEqual({
      l: [3],
      m: { a: 1, b: 2 },
    });
  });

  test('Service ports merge by port; the input is not modified', () => {
    const svc = {
      spec: {
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: 'a' },
      },
    };
    const before = clone(svc);
    const out = strategicMergePatch(
      svc,
      {
        spec: {
          ports: [
            { port: 80, targetPort: 9090 },
            { port: 443, name: 'https' },
          ],
        },
      },
      service,
    );
    expect(out).toEqual({
      spec: {
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 9090 },
          { port: 443, name: 'https' },
        ],
        selector: { app: 'a' },
      },
    });
    expect(svc).toEqual(before);
  });
});

describe('errors, as the API server reports them', () => {
  test('a list item without its merge key: 500 without a reason', () => {
    expect(
      statusOf(() => patch({ spec: { template: { spec: { containers: [{ image: 'x' }] } } } })),
    ).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'map: map[image:x] does not contain declared merge key: name',
      reason: '',
      code: 500,
    });
  });
  test('an unknown $patch value', () => {
    expect(statusOf(() => patch({ metadata: { labels: { $patch: 'foo' } } })).message).toBe(
      'unknown patch type: foo in map: map[$patch:foo]',
    );
    expect(
      statusOf(() =>
        patch({ spec: { template: { spec: { containers: [{ name: 'a', $patch: 'merge' }] } } } }),
      ).message,
    ).toBe('merging lists cannot yet be specified in the patch');
  });
  test('malformed directives are 400', () => {
    expect(statusOf(() => patch({ spec: { $retainKeys: 'x' } }))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'invalid patch format of retainKeys',
    });
    expect(
      statusOf(() => patch({ spec: { $retainKeys: ['replicas'], paused: true } })).message,
    ).toBe('invalid patch format of retainKeys');
    expect(
      statusOf(() => patch({ metadata: { $deleteFromPrimitiveListfinalizers: ['a'] } })).message,
    ).toBe('invalid patch format of primitive list');
    expect(
      statusOf(() =>
        patch({
          spec: {
            template: {
              spec: {
                '$setElementOrder/containers': [{ name: 'nginx' }],
                containers: [{ name: 'sidecar' }],
              },
            },
          },
        }),
      ).message,
    ).toContain("doesn't match $setElementOrder list");
  });
  test('lists of lists are 422 with the canned message', () => {
    const lists = (l: unknown) => ({ metadata: { finalizers: l } });
    expect(statusOf(() => strategicMergePatch(lists([['a']]), lists([['b']]), pod))).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
      details: {},
    });
    const merging = deployment.field('metadata')!;
    expect(() =>
      applyStrategicMergePatch({ finalizers: [['a']] }, { finalizers: [['b']] }, merging),
    ).toThrow('lists of lists are not supported');
  });
  test('a patch that is not an object', () => {
    expect(statusOf(() => patch([1]))).toMatchObject({
      code: 400,
      message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    expect(patch(null)).toEqual(live);
  });
  test('client code sees StrategicMergePatchError', () => {
    expect(() => applyStrategicMergePatch({ a: 1 }, 'x', undefined)).toThrow(
      StrategicMergePatchError,
    );
  });
});

describe('creating patches', () => {
  test('two-way (kubectl edit): changed container fields with $setElementOrder', () => {
    const edited = clone(live);
    edited.spec.template.spec.containers[0]!.image = 'nginx:1.27';
    edited.spec.template.spec.containers[0]!.env!.push({ name: 'C', value: '3' });
    delete (edited.metadata.labels as { tier?: string }).tier;
    edited.metadata.finalizers = ['a', 'c'];
    const p = createTwoWayMergePatch(live, edited, deployment);
    expect(p).toEqual({
      metadata: {
        labels: { tier: null },
        '$setElementOrder/finalizers': ['a', 'c'],
        '$deleteFromPrimitiveList/finalizers': ['b'],
      },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
            containers: [
              {
                name: 'nginx',
                image: 'nginx:1.27',
                '$setElementOrder/env': [{ name: 'A' }, { name: 'B' }, { name: 'C' }],
                env: [{ name: 'C', value: '3' }],
              },
            ],
          },
        },
      },
    });
    expect(strategicMergePatch(live, p, deployment)).toEqual(edited);
  });

  test('two-way: removing a container is a $patch: delete item; volumes carry $retainKeys', () => {
    const edited = clone(live);
    edited.spec.template.spec.containers.pop();
    (edited.spec.template.spec as { volumes: object[] }).volumes = [
      { name: 'data', hostPath: { path: '/d' } },
    ];
    const p = createTwoWayMergePatch(live, edited, deployment);
    expect(p['spec']).toEqual({
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'nginx' }],
          containers: [{ name: 'sidecar', $patch: 'delete' }],
          '$setElementOrder/volumes': [{ name: 'data' }],
          volumes: [
            {
              name: 'data',
              $retainKeys: ['hostPath', 'name'],
              hostPath: { path: '/d' },
              emptyDir: null,
            },
          ],
        },
      },
    });
    expect(strategicMergePatch(live, p, deployment)).toEqual(edited);
  });

  test("three-way (kubectl apply): keeps others' changes, removes what the last apply set", () => {
    const lastApplied = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } },
      spec: {
        replicas: 2,
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
      },
    };
    const config = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 3,
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      },
    };
    const current = clone(live);
    (current.metadata.labels as Record<string, string>)['added-by-hand'] = 'yes';
    const p = createThreeWayMergePatch(lastApplied, config, current, deployment, {
      preconditions: [
        requireKeyUnchanged('apiVersion'),
        requireKeyUnchanged('kind'),
        requireMetadataKeyUnchanged('name'),
      ],
    });
    expect(p).toEqual({
      metadata: { labels: { tier: null } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }],
            containers: [{ name: 'nginx', image: 'nginx:1.27' }],
          },
        },
      },
    });
    const out = strategicMergePatch(current, p, deployment) as unknown as Live;
    expect(out.metadata.labels).toEqual({ app: 'web', 'added-by-hand': 'yes' });
    expect(podSpec(out).containers.map((c) => [c.name, c.image])).toEqual([
      ['nginx', 'nginx:1.27'],
      ['sidecar', 'busybox'],
    ]);
    expect(out.spec.replicas).toBe(3);
  });

  test('three-way without overwrite: a conflicting live change is an error', () => {
    const lastApplied = { spec: { replicas: 2 } };
    const config = { spec: { replicas: 3 } };
    const current = { spec: { replicas: 5 } };
    expect(() =>
      createThreeWayMergePatch(lastApplied, config, current, deployment, { overwrite: false }),
    ).toThrow(MergeConflictError);
    expect(createThreeWayMergePatch(lastApplied, config, current, deployment)).toEqual({
      spec: { replicas: 3 },
    });
  });

  test('preconditions fail when apiVersion, kind or name change', () => {
    expect(() =>
      createThreeWayMergePatch(
        { metadata: { name: 'a' } },
        { metadata: { name: 'b' } },
        { metadata: { name: 'a' } },
        deployment,
        {
          preconditions: [requireMetadataKeyUnchanged('name')],
        },
      ),
    ).toThrow(PreconditionFailedError);
    expect(() =>
      createTwoWayMergePatch({ kind: 'A' }, { kind: 'B' }, deployment, {
        preconditions: [requireKeyUnchanged('kind')],
      }),
    ).toThrow('precondition failed for: map[kind:B]');
  });

  test('no change, no patch', () => {
    expect(createTwoWayMergePatch(live, clone(live), deployment)).toEqual({});
    expect(createThreeWayMergePatch(live, clone(live), clone(live), deployment)).toEqual({});
    const cfg: JsonObject = { metadata: { labels: { app: 'web' } } };
    expect(createThreeWayMergePatch(cfg, cfg, live, deployment)).toEqual({});
  });
});
