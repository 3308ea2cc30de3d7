import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { StatusError } from '../../src/api/errors';
import type { SchemaNode } from '../../src/openapi/schema-node';
import {
  FieldSet,
  fieldPE,
  keyPE,
  fieldPath,
  pathToString,
  type PathElement,
} from '../../src/patch/fieldpath';
import { isObject, type JsonObject, type JsonValue } from '../../src/patch/json';
import {
  LAST_APPLIED_CONFIG_ANNOTATION,
  apply,
  fieldsV1ToSet,
  managerOrUserAgent,
  recordUpdate,
  type ApplyOptions,
  type ManagedFieldsEntry,
} from '../../src/patch/managed-fields';
import {
  arr,
  deployment,
  obj,
  objectMeta,
  pod,
  replicationController,
  service,
  str,
} from './schemas';

const T = (minute: number) => `2024-05-01T10:${String(minute).padStart(2, '0')}:00Z`;
const clone = <V>(v: V): V => JSON.parse(JSON.stringify(v)) as V;

function statusOf(fn: () => unknown): ReturnType<StatusError['toStatus']> {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.toStatus();
    throw e;
  }
  throw new Error('expected a StatusError');
}

/** The fields of each entry, by "manager/operation[/subresource]". */
function owners(entries: ManagedFieldsEntry[] | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of entries ?? []) {
    const key = [e.manager, e.operation, e.subresource].filter(Boolean).join('/');
    out[key] = fieldsV1ToSet(e.fieldsV1).paths().map(pathToString);
  }
  return out;
}

function entriesOf(o: JsonObject): ManagedFieldsEntry[] | undefined {
  return (o['metadata'] as { managedFields?: ManagedFieldsEntry[] } | undefined)?.managedFields;
}

function withManagedFields(o: object, mf: ManagedFieldsEntry[] | undefined): JsonObject {
  const c = clone(o) as JsonObject;
  const md = (isObject(c['metadata']) ? c['metadata'] : (c['metadata'] = {})) as JsonObject;
  if (mf) md['managedFields'] = mf as unknown as JsonValue;
  else delete md['managedFields'];
  return c;
}

/** A tiny cluster of one object: create/update/apply the way the API server calls the field manager. */
class Store {
  live: JsonObject | undefined;
  constructor(
    private readonly schema: SchemaNode,
    private readonly apiVersion: string,
    private readonly kind: string,
    private readonly emptyObject?: object,
  ) {}
  update(
    object: object,
    manager: string,
    time: string,
    extra: { subresource?: string; apiVersion?: string } = {},
  ) {
    const mf = recordUpdate({
      live: this.live,
      updated: object,
      manager,
      apiVersion: extra.apiVersion ?? this.apiVersion,
      time,
      schema: this.schema,
      subresource: extra.subresource,
      emptyObject: this.emptyObject,
    });
    this.live = withManagedFields(object, mf);
    return mf;
  }
  apply(config: object, manager: string, time: string, extra: Partial<ApplyOptions> = {}) {
    const r = apply({
      live: this.live,
      config,
      manager,
      apiVersion: this.apiVersion,
      kind: this.kind,
      time,
      schema: this.schema,
      emptyObject: this.emptyObject,
      ...extra,
    });
    this.live = r.object;
    return r;
  }
  get managed() {
    return entriesOf(this.live!);
  }
}

const nginxApply = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx', namespace: 'default', labels: { app: 'nginx' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: {
        containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }],
      },
    },
  },
};

/** What kubectl apply --server-side records for nginxApply. */
const nginxApplyFields = {
  'f:metadata': { 'f:labels': { 'f:app': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:ports': {
              'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
            },
          },
        },
      },
    },
  },
};

describe('server-side apply of a Deployment', () => {
  test('creating: the object is the configuration, the manager owns what it applied', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment');
    const r = s.apply(nginxApply, 'kubectl', T(0));
    expect(r.changed).toBe(true);
    expect(r.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T(0),
        fieldsType: 'FieldsV1',
        fieldsV1: nginxApplyFields,
      },
    ]);
    // Key order of the entry and of fieldsV1 is what the API server serializes.
    expect(Object.keys(r.managedFields![0]!)).toEqual([
      'manager',
      'operation',
      'apiVersion',
      'time',
      'fieldsType',
      'fieldsV1',
    ]);
    expect(JSON.stringify(r.managedFields![0]!.fieldsV1)).toBe(JSON.stringify(nginxApplyFields));
    const { managedFields, ...metadata } = r.object['metadata'] as JsonObject;
    expect(managedFields).toEqual(r.managedFields);
    expect({ ...r.object, metadata }).toEqual(nginxApply);
  });

  test('re-applying the same configuration changes nothing, not even the time', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment');
    s.apply(nginxApply, 'kubectl', T(0));
    const before = clone(s.live);
    const r = s.apply(nginxApply, 'kubectl', T(5));
    expect(r.changed).toBe(false);
    expect(r.object).toEqual(before);
  });

  test('a defaulted key field (port protocol) matches the live item instead of adding one', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment');
    s.apply(nginxApply, 'kubectl', T(0));
    // The server defaulted the protocol after the first apply.
    const live = s.live as { spec: { template: { spec: { containers: { ports: object[] }[] } } } };
    live.spec.template.spec.containers[0]!.ports = [{ containerPort: 80, protocol: 'TCP' }];
    const r = s.apply(nginxApply, 'kubectl', T(1));
    expect((r.object as typeof live).spec.template.spec.containers[0]!.ports).toEqual([
      { containerPort: 80, protocol: 'TCP' },
    ]);
    expect(r.changed).toBe(false);
  });

  test('fields dropped from the configuration are removed; fields another manager owns stay', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment');
    const withLabels = (labels: Record<string, string>) => ({
      ...nginxApply,
      metadata: { ...nginxApply.metadata, labels },
    });
    s.apply(withLabels({ app: 'nginx', tier: 'web', team: 'a' }), 'kubectl', T(0));
    // A second applier also sets team (same value: shared ownership, no conflict).
    s.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'nginx', labels: { team: 'a' } },
      },
      'ci',
      T(1),
    );
    const r = s.apply(withLabels({ app: 'nginx' }), 'kubectl', T(2));
    expect((r.object['metadata'] as JsonObject)['labels']).toEqual({ app: 'nginx', team: 'a' });
    expect(owners(r.managedFields)['ci/Apply']).toEqual(['.metadata.labels.team']);
    expect(owners(r.managedFields)['kubectl/Apply']).toContain('.metadata.labels.app');
    expect(owners(r.managedFields)['kubectl/Apply']).not.toContain('.metadata.labels.tier');
  });

  test('map lists merge by key: containers another manager added survive, dropped own ones go', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment');
    const twoContainers = clone(nginxApply);
    twoContainers.spec.template.spec.containers.push({
      name: 'sidecar',
      image: 'busybox',
      ports: [],
    });
    s.apply(twoContainers, 'kubectl', T(0));
    // A mutating controller adds a container through an update.
    const live = clone(s.live!) as typeof twoContainers;
    live.spec.template.spec.containers.push({ name: 'injected', image: 'proxy', ports: [] });
    s.update(live, 'injector', T(1));
    const r = s.apply(nginxApply, 'kubectl', T(2));
    const names = (r.object as typeof live).spec.template.spec.containers.map((c) => c.name);
    expect(names).toEqual(['nginx', 'injected']);
  });

  test('sets union across managers; a manager removes only its own members', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment');
    const fin = (manager: string, finalizers: string[]) =>
      s.apply(
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx', finalizers } },
        manager,
        T(0),
      );
    fin('a', ['example.com/a', 'example.com/shared']);
    fin('b', ['example.com/b', 'example.com/shared']);
    // The second applier's items go where its configuration puts them relative to shared ones.
    expect((s.live!['metadata'] as JsonObject)['finalizers']).toEqual([
      'example.com/a',
      'example.com/b',
      'example.com/shared',
    ]);
    fin('a', []);
    expect((s.live!['metadata'] as JsonObject)['finalizers']).toEqual([
      'example.com/b',
      'example.com/shared',
    ]);
    expect(owners(s.managed)['b/Apply']).toEqual([
      '.metadata.finalizers[="example.com/b"]',
      '.metadata.finalizers[="example.com/shared"]',
    ]);
  });

  test('atomic lists (args) are replaced and owned whole', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment');
    const withArgs = (args: string[]) => {
      const c = clone(nginxApply) as typeof nginxApply & {
        spec: { template: { spec: { containers: { args?: string[] }[] } } };
      };
      c.spec.template.spec.containers[0]!.args = args;
      return c;
    };
    s.apply(withArgs(['-a', '-b']), 'kubectl', T(0));
    const r = s.apply(withArgs(['-c']), 'kubectl', T(1));
    expect(
      (r.object as ReturnType<typeof withArgs>).spec.template.spec.containers[0]!.args,
    ).toEqual(['-c']);
    expect(owners(r.managedFields)['kubectl/Apply']).toContain(
      '.spec.template.spec.containers[name="nginx"].args',
    );
  });
});

describe('conflicts', () => {
  // kubectl apply (client-side) creates the object: kubectl-client-side-apply owns everything.
  function clientSideApplied(): Store {
    const s = new Store(deployment, 'apps/v1', 'Deployment');
    const created = clone(nginxApply) as JsonObject;
    (created['metadata'] as JsonObject)['annotations'] = {
      [LAST_APPLIED_CONFIG_ANNOTATION]: `${JSON.stringify(nginxApply)}\n`,
    };
    s.update(created, 'kubectl-client-side-apply', T(0));
    return s;
  }
  const scaled = (n: number) => ({ ...nginxApply, spec: { ...nginxApply.spec, replicas: n } });

  test('changing a field another manager owns is 409 with FieldManagerConflict causes', () => {
    const s = clientSideApplied();
    const status = statusOf(() => s.apply(scaled(5), 'argocd', T(1)));
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-client-side-apply" using apps/v1',
            field: '.spec.replicas',
          },
        ],
      },
      code: 409,
    });
    // Applying the same values is not a conflict: ownership is shared.
    expect(() => s.apply(nginxApply, 'argocd', T(1))).not.toThrow();
  });

  test('--force-conflicts takes the field over', () => {
    const s = clientSideApplied();
    const r = s.apply(scaled(5), 'argocd', T(1), { force: true });
    expect((r.object['spec'] as JsonObject)['replicas']).toBe(5);
    expect(owners(r.managedFields)['argocd/Apply']).toContain('.spec.replicas');
    expect(owners(r.managedFields)['kubectl-client-side-apply/Update']).not.toContain(
      '.spec.replicas',
    );
  });

  test('several managers: grouped by manager in the message, one cause per field', () => {
    const s = clientSideApplied();
    s.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'nginx', labels: { app: 'nginx', tier: 'web' } },
      },
      'ci',
      T(1),
    );
    const config = {
      ...scaled(7),
      metadata: { ...nginxApply.metadata, labels: { app: 'other', tier: 'api' } },
    };
    const status = statusOf(() => s.apply(config, 'argocd', T(2)));
    expect(status.message).toBe(
      'Apply failed with 4 conflicts: conflicts with "ci":\n' +
        '- .metadata.labels.app\n' +
        '- .metadata.labels.tier\n' +
        'conflicts with "kubectl-client-side-apply" using apps/v1:\n' +
        '- .metadata.labels.app\n' +
        '- .spec.replicas',
    );
    expect(status.details!.causes!.map((c) => [c.message, c.field])).toEqual([
      ['conflict with "ci"', '.metadata.labels.app'],
      ['conflict with "ci"', '.metadata.labels.tier'],
      ['conflict with "kubectl-client-side-apply" using apps/v1', '.metadata.labels.app'],
      ['conflict with "kubectl-client-side-apply" using apps/v1', '.spec.replicas'],
    ]);
  });

  test('kubectl apply --server-side after client-side apply takes what the annotation shows and syncs it', () => {
    const s = clientSideApplied();
    const r = s.apply(scaled(4), 'kubectl', T(1));
    expect((r.object['spec'] as JsonObject)['replicas']).toBe(4);
    const annotations = (r.object['metadata'] as JsonObject)['annotations'] as Record<
      string,
      string
    >;
    expect(JSON.parse(annotations[LAST_APPLIED_CONFIG_ANNOTATION]!)).toEqual(scaled(4));
    expect(annotations[LAST_APPLIED_CONFIG_ANNOTATION]!.endsWith('}\n')).toBe(true);
    // Sorted keys, as encoding/json writes a map.
    expect(
      annotations[LAST_APPLIED_CONFIG_ANNOTATION]!.startsWith(
        '{"apiVersion":"apps/v1","kind":"Deployment","metadata"',
      ),
    ).toBe(true);
    expect(owners(r.managedFields)['kubectl-client-side-apply/Update']).not.toContain(
      '.spec.replicas',
    );
  });

  test('an update takes fields from an applier; the next apply conflicts with the updater', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment');
    s.apply(nginxApply, 'kubectl', T(0));
    const edited = clone(s.live!) as typeof nginxApply;
    edited.spec.template.spec.containers[0]!.image = 'nginx:1.27';
    s.update(edited, 'kubectl-edit', T(1));
    expect(owners(s.managed)).toEqual({
      'kubectl/Apply': expect.not.arrayContaining([
        '.spec.template.spec.containers[name="nginx"].image',
      ]),
      'kubectl-edit/Update': ['.spec.template.spec.containers[name="nginx"].image'],
    });
    const status = statusOf(() => s.apply(nginxApply, 'kubectl', T(2)));
    expect(status.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.template.spec.containers[name="nginx"].image',
    );
  });

  test('subresource managers are printed with their subresource', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment');
    s.apply(nginxApply, 'kubectl', T(0));
    s.update(scaled(9), 'hpa', T(1), { subresource: 'scale' });
    expect(s.managed!.find((e) => e.manager === 'hpa')).toMatchObject({
      operation: 'Update',
      subresource: 'scale',
    });
    expect(statusOf(() => s.apply(scaled(2), 'kubectl', T(2))).message).toBe(
      'Apply failed with 1 conflict: conflict with "hpa" with subresource "scale" using apps/v1: .spec.replicas',
    );
  });
});

describe('errors of the applied configuration', () => {
  const s = () => {
    const st = new Store(deployment, 'apps/v1', 'Deployment');
    st.apply(nginxApply, 'kubectl', T(0));
    return st;
  };
  test('another kind or version is 400 invalid object type', () => {
    expect(
      statusOf(() => s().apply({ ...nginxApply, apiVersion: 'apps/v1beta1' }, 'kubectl', T(1))),
    ).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'invalid object type: apps/v1beta1, Kind=Deployment',
    });
    expect(statusOf(() => s().apply({ kind: 'Pod' }, 'kubectl', T(1))).message).toBe(
      'invalid object type: /, Kind=Pod',
    );
  });
  test('managedFields in the configuration is 400', () => {
    expect(
      statusOf(() =>
        s().apply(
          { ...nginxApply, metadata: { name: 'nginx', managedFields: [] } },
          'kubectl',
          T(1),
        ),
      ),
    ).toMatchObject({ code: 400, message: 'metadata.managedFields must be nil' });
  });
  test('a configuration that does not fit the schema is a 500 without reason', () => {
    const bad = clone(nginxApply) as JsonObject;
    (bad['spec'] as JsonObject)['replica'] = 3;
    const status = statusOf(() => s().apply(bad, 'kubectl', T(1)));
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'failed to create typed patch object (default/nginx; apps/v1, Kind=Deployment): .spec.replica: field not declared in schema',
      reason: '',
      code: 500,
    });
    const dup = clone(nginxApply);
    dup.spec.template.spec.containers.push(dup.spec.template.spec.containers[0]!);
    expect(statusOf(() => s().apply(dup, 'kubectl', T(1))).message).toBe(
      'failed to create typed patch object (default/nginx; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="nginx"]',
    );
  });
  test('undecodable live managedFields are a 500', () => {
    const st = s();
    (st.live!['metadata'] as JsonObject)['managedFields'] = [
      { manager: 'x', operation: 'Patch', apiVersion: 'v1' },
    ];
    expect(statusOf(() => st.apply(nginxApply, 'kubectl', T(1))).message).toBe(
      'failed to decode managed fields: operation must be `Apply` or `Update`',
    );
  });
});

describe('recording updates', () => {
  // The Go zero value of an apps/v1 Deployment, which creates are compared against.
  const zeroDeployment = {
    metadata: { creationTimestamp: null },
    spec: {
      selector: null,
      template: { metadata: { creationTimestamp: null }, spec: { containers: null } },
      strategy: {},
    },
    status: {},
  };
  const created = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'nginx',
      namespace: 'default',
      uid: '6d1c2c9a-1111-2222-3333-444455556666',
      resourceVersion: '1',
      generation: 1,
      creationTimestamp: T(0),
      labels: { app: 'nginx' },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'nginx' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx',
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              imagePullPolicy: 'Always',
            },
          ],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
        },
      },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };

  test('kubectl create deployment: what a 1.32 API server records', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment', zeroDeployment);
    const mf = s.update(created, 'kubectl-create', T(0));
    expect(JSON.stringify(mf)).toBe(
      JSON.stringify([
        {
          manager: 'kubectl-create',
          operation: 'Update',
          apiVersion: 'apps/v1',
          time: T(0),
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
            'f:spec': {
              'f:progressDeadlineSeconds': {},
              'f:replicas': {},
              'f:revisionHistoryLimit': {},
              'f:selector': {},
              'f:strategy': {
                'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} },
                'f:type': {},
              },
              'f:template': {
                'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
                'f:spec': {
                  'f:containers': {
                    'k:{"name":"nginx"}': {
                      '.': {},
                      'f:image': {},
                      'f:imagePullPolicy': {},
                      'f:name': {},
                      'f:resources': {},
                      'f:terminationMessagePath': {},
                      'f:terminationMessagePolicy': {},
                    },
                  },
                  'f:dnsPolicy': {},
                  'f:restartPolicy': {},
                  'f:schedulerName': {},
                  'f:securityContext': {},
                  'f:terminationGracePeriodSeconds': {},
                },
              },
            },
          },
        },
      ]),
    );
  });

  test('the deployment controller: annotations through the resource, status through /status', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment', zeroDeployment);
    s.update(created, 'kubectl-create', T(0));
    const annotated = clone(s.live!) as JsonObject;
    (annotated['metadata'] as JsonObject)['annotations'] = {
      'deployment.kubernetes.io/revision': '1',
    };
    s.update(annotated, 'kube-controller-manager', T(1));
    const withStatus = clone(s.live!) as JsonObject;
    withStatus['status'] = {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastUpdateTime: T(2),
          lastTransitionTime: T(2),
          reason: 'MinimumReplicasAvailable',
          message: 'ok',
        },
      ],
    };
    const mf = s.update(withStatus, 'kube-controller-manager', T(2), { subresource: 'status' })!;
    expect(mf.map((e) => [e.manager, e.operation, e.time, e.subresource])).toEqual([
      ['kubectl-create', 'Update', T(0), undefined],
      ['kube-controller-manager', 'Update', T(1), undefined],
      ['kube-controller-manager', 'Update', T(2), 'status'],
    ]);
    expect(mf[1]!.fieldsV1).toEqual({
      'f:metadata': { 'f:annotations': { '.': {}, 'f:deployment.kubernetes.io/revision': {} } },
    });
    expect(JSON.stringify(mf[2]!.fieldsV1)).toBe(
      JSON.stringify({
        'f:status': {
          'f:availableReplicas': {},
          'f:conditions': {
            '.': {},
            'k:{"type":"Available"}': {
              '.': {},
              'f:lastTransitionTime': {},
              'f:lastUpdateTime': {},
              'f:message': {},
              'f:reason': {},
              'f:status': {},
              'f:type': {},
            },
          },
          'f:observedGeneration': {},
          'f:readyReplicas': {},
          'f:replicas': {},
          'f:updatedReplicas': {},
        },
      }),
    );
    // Subresource requests ignore managedFields sent in the body.
    const again = clone(s.live!) as JsonObject;
    (again['metadata'] as JsonObject)['managedFields'] = [];
    expect(s.update(again, 'kube-controller-manager', T(3), { subresource: 'status' })).toEqual(mf);
  });

  test('an update that changes nothing keeps entries and times', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment', zeroDeployment);
    const first = s.update(created, 'kubectl-create', T(0));
    expect(s.update(clone(s.live!), 'kubectl-replace', T(4))).toEqual(first);
  });

  test('a changed field moves to the updater and its entry time moves on', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment', zeroDeployment);
    s.update(created, 'kubectl-create', T(0));
    s.update(
      { ...clone(s.live!), spec: { ...(s.live!['spec'] as object), replicas: 3 } },
      'kubectl-scale',
      T(1),
    );
    s.update(
      { ...clone(s.live!), spec: { ...(s.live!['spec'] as object), replicas: 4 } },
      'kubectl-scale',
      T(2),
    );
    expect(owners(s.managed)['kubectl-scale/Update']).toEqual(['.spec.replicas']);
    expect(owners(s.managed)['kubectl-create/Update']).not.toContain('.spec.replicas');
    expect(s.managed!.find((e) => e.manager === 'kubectl-scale')!.time).toBe(T(2));
  });

  test('removing a field takes it from every manager', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment', zeroDeployment);
    s.update(created, 'kubectl-create', T(0));
    const next = clone(s.live!) as typeof created;
    delete (next.metadata as { labels?: unknown }).labels;
    s.update(next, 'kubectl-edit', T(1));
    expect(owners(s.managed)['kubectl-create/Update']).not.toContain('.metadata.labels.app');
    // Nothing was added or changed by kubectl-edit: it gets no entry.
    expect(owners(s.managed)['kubectl-edit/Update']).toBeUndefined();
  });

  test('managedFields: [] in the request resets the entries; unknown entries fall back to live', () => {
    const s = new Store(deployment, 'apps/v1', 'Deployment', zeroDeployment);
    s.update(created, 'kubectl-create', T(0));
    const reset = withManagedFields(s.live!, []);
    (reset['metadata'] as JsonObject)['managedFields'] = [];
    // The reset leaves nothing to track: an existing object stays untracked.
    expect(s.update(reset, 'x', T(1))).toBeUndefined();
    const s2 = new Store(deployment, 'apps/v1', 'Deployment', zeroDeployment);
    s2.update(created, 'kubectl-create', T(0));
    const before = s2.managed;
    const bad = clone(s2.live!);
    (bad['metadata'] as JsonObject)['managedFields'] = [
      { manager: 'x', operation: 'Nope', apiVersion: 'v1', fieldsType: 'FieldsV1' },
    ];
    expect(s2.update(bad, 'y', T(1))).toEqual(before);
  });

  test('TestRoundTripManagedFields: entries survive a no-op update, sorted by operation, time, manager', () => {
    const entries: ManagedFieldsEntry[] = [
      {
        manager: 'foo',
        operation: 'Update',
        apiVersion: 'v1beta1',
        time: '2011-12-13T14:15:16Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'i:5': { 'f:i': {} } },
      },
      {
        manager: 'foo',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2001-02-03T04:05:06Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'v:3': { 'f:alsoPi': {} },
          'v:3.1415': { 'f:pi': {} },
          'v:false': { 'f:notTrue': {} },
        },
      },
      {
        manager: 'foo',
        operation: 'Update',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
        subresource: 'scale',
      },
      {
        manager: 'bar',
        operation: 'Apply',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': { 'f:containers': { 'k:{"name":"c"}': { 'f:image': {}, 'f:name': {} } } },
        },
      },
    ];
    const o = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', managedFields: entries } };
    const out = recordUpdate({
      live: o,
      updated: o,
      manager: 'no-op',
      apiVersion: 'v1',
      time: T(0),
      schema: pod,
    });
    expect(out).toEqual([entries[3], entries[2], entries[1], entries[0]]);
  });
});

describe('tracking objects created before tracking (skipnonapplied_test.go)', () => {
  const existing = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'pod', uid: 'u', labels: { app: 'my-nginx' } },
  };
  const applied = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'pod', labels: { app: 'nginx' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx:latest' }] },
  };
  test('updates of an untracked object are not tracked', () => {
    expect(
      recordUpdate({
        live: existing,
        updated: existing,
        manager: 'u',
        apiVersion: 'v1',
        time: T(0),
        schema: pod,
      }),
    ).toBeUndefined();
  });
  test('the first apply conflicts with before-first-apply, force takes over', () => {
    const s = new Store(pod, 'v1', 'Pod');
    s.live = clone(existing);
    const status = statusOf(() => s.apply(applied, 'fieldmanager_test_apply', T(1)));
    expect(status.details!.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "before-first-apply" using v1',
        field: '.metadata.labels.app',
      },
    ]);
    const r = s.apply(applied, 'fieldmanager_test_apply', T(1), { force: true });
    expect(r.managedFields!.map((e) => e.manager)).toEqual([
      'fieldmanager_test_apply',
      'before-first-apply',
    ]);
  });
  test('TestNoUpdateBeforeFirstApply: applying creates one entry', () => {
    const s = new Store(pod, 'v1', 'Pod');
    const r = s.apply(applied, 'fieldmanager_test_apply', T(0));
    expect(r.managedFields!.map((e) => e.manager)).toEqual(['fieldmanager_test_apply']);
  });
});

// capmanagers_test.go with the test's cap of 3.
describe('capping Update entries (TestCapUpdateManagers)', () => {
  const entry = (
    name: string,
    version: string,
    order: number,
    ...fields: string[]
  ): ManagedFieldsEntry => ({
    manager: name,
    operation: 'Update',
    apiVersion: version,
    time: `0001-01-01T0${order}:00:00Z`,
    fieldsType: 'FieldsV1',
    fieldsV1: FieldSet.of(...fields.map((f) => fieldPath(f))).toFieldsV1(),
  });
  const cases: [string, ManagedFieldsEntry[], ManagedFieldsEntry[]][] = [
    [
      'one version, no ancient changes',
      [
        entry('update-manager1', 'v1', 1, 'a'),
        entry('update-manager2', 'v1', 2, 'b'),
        entry('update-manager3', 'v1', 3, 'c'),
        entry('update-manager4', 'v1', 4, 'd'),
      ],
      [
        entry('ancient-changes', 'v1', 2, 'a', 'b'),
        entry('update-manager3', 'v1', 3, 'c'),
        entry('update-manager4', 'v1', 4, 'd'),
      ],
    ],
    [
      'one version, one ancient changes',
      [
        entry('ancient-changes', 'v1', 2, 'a', 'b'),
        entry('update-manager3', 'v1', 3, 'c'),
        entry('update-manager4', 'v1', 4, 'd'),
        entry('update-manager5', 'v1', 5, 'e'),
      ],
      [
        entry('ancient-changes', 'v1', 3, 'a', 'b', 'c'),
        entry('update-manager4', 'v1', 4, 'd'),
        entry('update-manager5', 'v1', 5, 'e'),
      ],
    ],
    [
      'two versions, no ancient changes',
      [
        entry('update-manager1', 'v1', 1, 'a'),
        entry('update-manager2', 'v2', 2, 'b'),
        entry('update-manager3', 'v1', 3, 'c'),
        entry('update-manager4', 'v1', 4, 'd'),
        entry('update-manager5', 'v1', 5, 'e'),
      ],
      [
        entry('update-manager2', 'v2', 2, 'b'),
        entry('ancient-changes', 'v1', 4, 'a', 'c', 'd'),
        entry('update-manager5', 'v1', 5, 'e'),
      ],
    ],
    [
      'three versions, one ancient changes',
      [
        entry('update-manager2', 'v2', 2, 'b'),
        entry('ancient-changes', 'v1', 4, 'a', 'c', 'd'),
        entry('update-manager5', 'v1', 5, 'e'),
        entry('update-manager6', 'v3', 6, 'f'),
        entry('update-manager7', 'v2', 7, 'g'),
      ],
      [
        entry('ancient-changes', 'v1', 5, 'a', 'c', 'd', 'e'),
        entry('update-manager6', 'v3', 6, 'f'),
        entry('ancient-changes', 'v2', 7, 'b', 'g'),
      ],
    ],
    [
      'three versions, two ancient changes',
      [
        entry('ancient-changes', 'v1', 5, 'a', 'c', 'd', 'e'),
        entry('update-manager6', 'v3', 6, 'f'),
        entry('ancient-changes', 'v2', 7, 'b', 'g'),
        entry('update-manager8', 'v3', 8, 'h'),
      ],
      [
        entry('ancient-changes', 'v1', 5, 'a', 'c', 'd', 'e'),
        entry('ancient-changes', 'v2', 7, 'b', 'g'),
        entry('ancient-changes', 'v3', 8, 'f', 'h'),
      ],
    ],
    [
      'four versions, two ancient changes',
      [
        entry('ancient-changes', 'v1', 5, 'a', 'c', 'd', 'e'),
        entry('update-manager6', 'v3', 6, 'f'),
        entry('ancient-changes', 'v2', 7, 'b', 'g'),
        entry('update-manager8', 'v4', 8, 'h'),
      ],
      [
        entry('ancient-changes', 'v1', 5, 'a', 'c', 'd', 'e'),
        entry('update-manager6', 'v3', 6, 'f'),
        entry('ancient-changes', 'v2', 7, 'b', 'g'),
        entry('update-manager8', 'v4', 8, 'h'),
      ],
    ],
  ];
  const anything = obj('Thing', () => ({ apiVersion: str(), kind: str(), metadata: objectMeta }));
  test.each(cases)('%s', (_name, input, expected) => {
    const live = { apiVersion: 'v1', kind: 'Pod', metadata: { managedFields: input } };
    const noop = (o: object) =>
      recordUpdate({
        live: o,
        updated: o,
        manager: 'no-op-update',
        apiVersion: 'v1',
        time: T(0),
        schema: anything,
        maxUpdateManagers: 3,
      });
    const out = noop(live);
    expect(out).toEqual(expected);
    // Idempotent.
    expect(noop({ ...live, metadata: { managedFields: out } })).toEqual(expected);
  });

  test('the API server keeps 10 Update entries', () => {
    const s = new Store(pod, 'v1', 'Pod');
    const labels: Record<string, string> = {};
    for (let i = 1; i <= 11; i++) {
      labels[`l${i}`] = 'x';
      s.update(
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { ...labels } } },
        `m${i}`,
        T(i),
      );
    }
    expect(s.managed!.map((e) => e.manager)).toEqual([
      'ancient-changes',
      'm3',
      'm4',
      'm5',
      'm6',
      'm7',
      'm8',
      'm9',
      'm10',
      'm11',
    ]);
    // m1 created the labels map, so it owned the map itself too.
    expect(owners(s.managed)['ancient-changes/Update']).toEqual([
      '.metadata.labels',
      '.metadata.labels.l1',
      '.metadata.labels.l2',
    ]);
  });
});

// merge/set_test.go of structured-merge-diff: appliers and updaters sharing a set.
describe('structured-merge-diff set ownership (merge/set_test.go)', () => {
  const sets = obj('sets', () => ({
    apiVersion: str(),
    kind: str(),
    metadata: objectMeta,
    list: arr(() => str(), { listType: 'set' }),
  }));
  type Op = [kind: 'apply' | 'update', manager: string, version: string, list: string[]];
  function run(ops: Op[]) {
    const s = new Store(sets, 'v1', 'Sets');
    ops.forEach(([kind, manager, version, list], i) => {
      const o = { apiVersion: version, kind: 'Sets', list };
      if (kind === 'apply') s.apply(o, manager, T(i), { apiVersion: version });
      else s.update(o, manager, T(i), { apiVersion: version });
    });
    const owned: Record<string, [string, string[]]> = {};
    for (const e of s.managed ?? []) {
      owned[e.manager!] = [e.apiVersion!, fieldsV1ToSet(e.fieldsV1).paths().map(pathToString)];
    }
    return { list: s.live!['list'], owned };
  }
  const v = (...xs: string[]) => xs.map((x) => `.list[="${x}"]`);
  test.each<[string, Op[], string[], Record<string, [string, string[]]>]>([
    [
      'apply_twice',
      [
        ['apply', 'default', 'v1', ['a', 'c']],
        ['apply', 'default', 'v1', ['a', 'b', 'c', 'd']],
      ],
      ['a', 'b', 'c', 'd'],
      { default: ['v1', v('a', 'b', 'c', 'd')] },
    ],
    [
      'apply_update_apply_no_overlap',
      [
        ['apply', 'default', 'v1', ['a', 'c']],
        ['update', 'controller', 'v1', ['a', 'b', 'c', 'd']],
        ['apply', 'default', 'v1', ['a', 'aprime', 'c', 'cprime']],
      ],
      ['a', 'b', 'aprime', 'c', 'd', 'cprime'],
      { default: ['v1', v('a', 'aprime', 'c', 'cprime')], controller: ['v1', v('b', 'd')] },
    ],
    [
      'apply_update_apply_no_overlap_and_different_version',
      [
        ['apply', 'default', 'v1', ['a', 'c']],
        ['update', 'controller', 'v2', ['a', 'b', 'c', 'd']],
        ['apply', 'default', 'v1', ['a', 'aprime', 'c', 'cprime']],
      ],
      ['a', 'b', 'aprime', 'c', 'd', 'cprime'],
      { default: ['v1', v('a', 'aprime', 'c', 'cprime')], controller: ['v2', v('b', 'd')] },
    ],
    [
      'apply_update_apply_with_overlap',
      [
        ['apply', 'default', 'v1', ['a', 'c']],
        ['update', 'controller', 'v1', ['a', 'b', 'c', 'd']],
        ['apply', 'default', 'v1', ['a', 'b', 'c']],
      ],
      ['a', 'b', 'c', 'd'],
      { default: ['v1', v('a', 'b', 'c')], controller: ['v1', v('b', 'd')] },
    ],
    [
      'apply_twice_reorder',
      [
        ['apply', 'default', 'v1', ['a', 'b', 'c', 'd']],
        ['apply', 'default', 'v1', ['a', 'd', 'c', 'b']],
      ],
      ['a', 'd', 'c', 'b'],
      { default: ['v1', v('a', 'b', 'c', 'd')] },
    ],
    [
      'apply_update_apply_reorder',
      [
        ['apply', 'default', 'v1', ['a', 'b', 'c', 'd']],
        ['update', 'controller', 'v1', ['a', 'd', 'c', 'b']],
        ['apply', 'default', 'v1', ['a', 'b', 'c', 'd']],
      ],
      ['a', 'b', 'c', 'd'],
      { default: ['v1', v('a', 'b', 'c', 'd')] },
    ],
    [
      'apply_update_apply_reorder_across_versions',
      [
        ['apply', 'default', 'v1', ['a', 'b', 'c', 'd']],
        ['update', 'controller', 'v1', ['a', 'd', 'c', 'b']],
        ['apply', 'default', 'v2', ['a', 'b', 'c', 'd']],
      ],
      ['a', 'b', 'c', 'd'],
      { default: ['v2', v('a', 'b', 'c', 'd')] },
    ],
    [
      'apply_twice_remove',
      [
        ['apply', 'default', 'v1', ['a', 'b', 'c', 'd']],
        ['apply', 'default', 'v1', ['a', 'c']],
      ],
      ['a', 'c'],
      { default: ['v1', v('a', 'c')] },
    ],
    [
      'apply_twice_remove_across_versions',
      [
        ['apply', 'default', 'v1', ['a', 'b', 'c', 'd']],
        ['apply', 'default', 'v2', ['a', 'c', 'e']],
      ],
      ['a', 'c', 'e'],
      { default: ['v2', v('a', 'c', 'e')] },
    ],
  ])('%s', (_name, ops, list, owned) => {
    expect(run(ops)).toEqual({ list, owned });
  });
});

// lastappliedmanager_test.go: upgrading from client-side apply (TestApplyUsingLastAppliedAnnotation,
// TestServiceApply, TestReplicationControllerApply, TestPodApply).
describe('client-side to server-side apply upgrade (lastappliedmanager_test.go)', () => {
  interface Case {
    kind: string;
    apiVersion: string;
    fieldManager: string;
    lastApplied?: JsonObject | null;
    lastAppliedEmpty?: boolean;
    original: JsonObject;
    applied: JsonObject;
    expectConflicts?: (string | { key: Record<string, JsonValue> })[][];
  }
  const { cases } = parse(
    readFileSync(join(__dirname, 'fixtures', 'lastapplied-upstream.yaml'), 'utf8'),
    {
      version: '1.1',
    },
  ) as { cases: Case[] };
  const schemas: Record<string, SchemaNode> = {
    Deployment: deployment,
    Service: service,
    ReplicationController: replicationController,
    Pod: pod,
  };

  /** Semantic.DeepDerivative: what `a` sets, `b` has; empty values in `a` are ignored. */
  function derivative(a: unknown, b: unknown): boolean {
    if (a === null || a === '' || (Array.isArray(a) && a.length === 0)) return true;
    if (isObject(a)) {
      if (Object.keys(a).length === 0) return true;
      return isObject(b) && Object.keys(a).every((k) => derivative(a[k], b[k]));
    }
    if (Array.isArray(a))
      return Array.isArray(b) && a.length === b.length && a.every((x, i) => derivative(x, b[i]));
    return a === b;
  }

  test.each(cases.map((c, i) => [`${c.kind} #${i} ${c.fieldManager}`, c] as const))(
    '%s',
    (_n, c) => {
      const schema = schemas[c.kind]!;
      const s = new Store(schema, c.apiVersion, c.kind, { apiVersion: c.apiVersion, kind: c.kind });
      const lastApplied = c.lastAppliedEmpty ? {} : (c.lastApplied ?? c.original);
      const original = clone(c.original);
      const md = (original['metadata'] ??= {}) as JsonObject;
      md['annotations'] = {
        ...((md['annotations'] as JsonObject) ?? {}),
        [LAST_APPLIED_CONFIG_ANNOTATION]: `${JSON.stringify(lastApplied)}\n`,
      };
      s.update(original, 'test_client_side_apply', T(0));

      if (c.expectConflicts) {
        const expected = FieldSet.of(
          ...c.expectConflicts.map((p) =>
            p.map((e): PathElement =>
              typeof e === 'string' ? fieldPE(e) : keyPE(Object.entries(e.key)),
            ),
          ),
        ).paths();
        const status = statusOf(() => s.apply(c.applied, c.fieldManager, T(1)));
        const who = `"test_client_side_apply" using ${c.apiVersion}`;
        expect(status.details!.causes).toEqual(
          expected.map((p) => ({
            reason: 'FieldManagerConflict',
            message: `conflict with ${who}`,
            field: pathToString(p),
          })),
        );
        expect(status.message).toBe(
          expected.length === 1
            ? `Apply failed with 1 conflict: conflict with ${who}: ${pathToString(expected[0]!)}`
            : `Apply failed with ${expected.length} conflicts: conflicts with ${who}:\n${expected.map((p) => `- ${pathToString(p)}`).join('\n')}`,
        );
        s.apply(c.applied, c.fieldManager, T(1), { force: true });
      } else {
        s.apply(c.applied, c.fieldManager, T(1));
      }
      expect(derivative(c.applied, s.live)).toBe(true);
    },
  );
});

describe('managerOrUserAgent', () => {
  test('the fieldManager parameter, else the user agent product', () => {
    expect(managerOrUserAgent('argocd', 'kubectl/v1.32.0')).toBe('argocd');
    expect(managerOrUserAgent('', 'kubectl/v1.32.0 (linux/amd64) kubernetes/abc')).toBe('kubectl');
    expect(managerOrUserAgent(undefined, 'Mozilla\u0007x/5.0')).toBe('Mozillax');
    expect(managerOrUserAgent(undefined, 'a'.repeat(200))).toHaveLength(128);
  });
});
