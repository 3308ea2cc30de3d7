import {
  documentHash,
  openApiDocuments,
  openApiV2Document,
  openApiV3Document,
  openApiV3Index,
  splitGroupVersionPath,
  type ServedResource,
} from '../../src/openapi/openapi-documents';

type Obj = Record<string, any>;

const ALL = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const RESOURCES: ServedResource[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    namespaced: true,
    verbs: ALL,
    subresources: ['status', 'eviction', 'binding', 'log'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Node',
    plural: 'nodes',
    namespaced: false,
    verbs: ALL,
    subresources: ['status'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    namespaced: true,
    verbs: ALL,
    subresources: ['status', 'scale'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    plural: 'replicasets',
    namespaced: true,
    verbs: ALL,
    subresources: ['status', 'scale'],
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'Role',
    plural: 'roles',
    namespaced: true,
    verbs: ALL,
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectAccessReview',
    plural: 'selfsubjectaccessreviews',
    namespaced: false,
    verbs: ['create'],
  },
  {
    group: 'example.com',
    version: 'v1',
    kind: 'Widget',
    plural: 'widgets',
    namespaced: true,
    verbs: ALL,
  },
];

/** Every "$ref" in a document, with where it points. */
function refs(doc: unknown, out: string[] = []): string[] {
  if (Array.isArray(doc)) for (const x of doc) refs(x, out);
  else if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      if (k === '$ref') out.push(v as string);
      else refs(v, out);
    }
  }
  return out;
}

/** kubectl explain's "typeGuess" (pkg/explain/v2/templates/plaintext.tmpl), for field type names. */
function typeGuess(schema: Obj, doc: Obj): string {
  const resolve = (ref: string) => doc.components.schemas[ref.split('/').pop()!] as Obj | undefined;
  if (schema.items) return `[]${typeGuess(schema.items, doc)}`;
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return `map[string]${typeGuess(schema.additionalProperties, doc)}`;
  }
  if (schema.allOf && !schema.properties && schema.allOf.length === 1) {
    return typeGuess(schema.allOf[0], doc);
  }
  if (schema.$ref) {
    const target = resolve(schema.$ref);
    if (!target || !target.type || target.type === 'object') {
      return schema.$ref.split('/').pop()!.split('.').pop() || 'Object';
    }
    return target.type;
  }
  return schema.type === 'object' ? 'Object' : (schema.type ?? 'Object');
}

describe('OpenAPI v3 index', () => {
  it('lists each served group-version with its document URL and hash', () => {
    const index = openApiV3Index(RESOURCES);
    expect(Object.keys(index.paths)).toEqual([
      'api/v1',
      'apis/apps/v1',
      'apis/authorization.k8s.io/v1',
      'apis/rbac.authorization.k8s.io/v1',
    ]);
    const url = index.paths['apis/apps/v1']!.serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{16}$/);
    const hash = url.split('hash=')[1];
    expect(hash).toBe(documentHash(JSON.stringify(openApiV3Document(RESOURCES, 'apps', 'v1'))));
    // The hash changes with the document (kubectl caches documents by URL).
    const fewer = openApiV3Index(RESOURCES.filter((r) => r.kind !== 'ReplicaSet'));
    expect(fewer.paths['apis/apps/v1']!.serverRelativeURL).not.toBe(url);
    expect(fewer.paths['api/v1']).toEqual(index.paths['api/v1']);
  });

  it('takes the hash function from the caller', () => {
    const index = openApiV3Index(RESOURCES, { hash: (t) => `len${t.length}` });
    expect(index.paths['api/v1']!.serverRelativeURL).toMatch(
      /^\/openapi\/v3\/api\/v1\?hash=len\d+$/,
    );
  });

  it('parses document paths back', () => {
    expect(splitGroupVersionPath('apis/apps/v1')).toEqual(['apps', 'v1']);
    expect(splitGroupVersionPath('/openapi/v3/api/v1')).toEqual(['', 'v1']);
    expect(splitGroupVersionPath('apis/apps')).toBeUndefined();
  });
});

describe('OpenAPI v3 group-version document', () => {
  const apps = openApiV3Document(RESOURCES, 'apps', 'v1') as Obj;
  const core = openApiV3Document(RESOURCES, '', 'v1') as Obj;
  const schemas = apps.components.schemas as Obj;

  it('has the PATCH operation kubectl looks for before server-side field validation', () => {
    const patch = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']
      .patch as Obj;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    expect(patch['x-kubernetes-action']).toBe('patch');
    expect(patch.operationId).toBe('patchAppsV1NamespacedDeployment');
    const params = (patch.parameters as Obj[]).map((p) => `${p.in}:${p.name}`);
    expect(params).toEqual(
      expect.arrayContaining([
        'query:fieldValidation',
        'query:fieldManager',
        'query:dryRun',
        'query:force',
      ]),
    );
    expect(Object.keys(patch.requestBody.content).sort()).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
    expect(patch.requestBody.content['application/merge-patch+json'].schema.$ref).toBe(
      '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
    );
  });

  it('gives every PATCH for a GVK the fieldValidation parameter (kubectl reads the first it finds)', () => {
    for (const doc of [apps, core]) {
      for (const [path, item] of Object.entries(doc.paths as Obj)) {
        if (!item.patch) continue;
        const names = (item.patch.parameters as Obj[])
          .filter((p) => p.in === 'query')
          .map((p) => p.name);
        expect({ path, fieldValidation: names.includes('fieldValidation') }).toEqual({
          path,
          fieldValidation: true,
        });
        expect(item.patch['x-kubernetes-group-version-kind']).toBeDefined();
      }
    }
    const scale = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'];
    expect(scale.patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    expect(schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
  });

  it('has list, create, get, replace, patch and delete paths per resource', () => {
    const coll = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments'];
    expect(Object.keys(coll).sort()).toEqual(['delete', 'get', 'parameters', 'post']);
    expect(coll.get['x-kubernetes-action']).toBe('list');
    expect(coll.get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/io.k8s.api.apps.v1.DeploymentList',
    );
    expect(coll.post.parameters.map((p: Obj) => p.name)).toContain('fieldValidation');
    const item = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    expect(Object.keys(item).sort()).toEqual(['delete', 'get', 'parameters', 'patch', 'put']);
    expect(item.parameters.map((p: Obj) => `${p.in}:${p.name}`)).toEqual([
      'path:name',
      'path:namespace',
      'query:pretty',
    ]);
    expect(apps.paths['/apis/apps/v1/deployments'].get.operationId).toBe(
      'listAppsV1DeploymentForAllNamespaces',
    );
    expect(core.paths['/api/v1/nodes/{name}'].get.operationId).toBe('readCoreV1Node');
    expect(
      core.paths['/api/v1/namespaces/{namespace}/pods/{name}/eviction'].post[
        'x-kubernetes-group-version-kind'
      ],
    ).toEqual({
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
    });
    expect(core.paths['/api/v1/namespaces/{namespace}/pods/{name}/log']).toBeUndefined();
    const rbac = openApiV3Document(RESOURCES, 'rbac.authorization.k8s.io', 'v1') as Obj;
    expect(
      rbac.paths['/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/roles/{name}'].patch
        .tags,
    ).toEqual(['rbacAuthorization_v1']);
    const authz = openApiV3Document(RESOURCES, 'authorization.k8s.io', 'v1') as Obj;
    expect(
      Object.keys(authz.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews']),
    ).toEqual(['post', 'parameters']);
    expect(openApiV3Document(RESOURCES, 'example.com', 'v1').paths).toEqual({
      '/apis/example.com/v1/': expect.anything(),
    });
  });

  it('names schemas like Kubernetes and tags kinds with their GVK', () => {
    expect(apps.openapi).toBe('3.0.0');
    expect(schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    expect(schemas['io.k8s.api.apps.v1.DeploymentList']['x-kubernetes-group-version-kind']).toEqual(
      [{ group: 'apps', kind: 'DeploymentList', version: 'v1' }],
    );
    expect(schemas['io.k8s.api.core.v1.Container']).toBeDefined();
    expect(schemas['io.k8s.api.core.v1.Pod']).toBeUndefined();
    for (const doc of [apps, core]) {
      for (const ref of refs(doc)) {
        expect(ref).toMatch(/^#\/components\/schemas\//);
        expect(doc.components.schemas[ref.slice('#/components/schemas/'.length)]).toBeDefined();
      }
    }
  });

  it('writes fields as kube-openapi does', () => {
    const spec = schemas['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(spec.required).toEqual(['selector', 'template']);
    expect(spec.properties.replicas).toEqual({
      type: 'integer',
      format: 'int32',
      description: expect.stringMatching(/^Number of desired pods/),
    });
    expect(spec.properties.template).toEqual({
      description: expect.stringMatching(/^Template describes the pods/),
      default: {},
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec' }],
    });
    expect(spec.properties.selector.default).toBeUndefined();
    expect(spec.properties.strategy['x-kubernetes-patch-strategy']).toBe('retainKeys');
    const ports = schemas['io.k8s.api.core.v1.Container'].properties.ports;
    expect(ports).toMatchObject({
      type: 'array',
      items: {
        default: {},
        allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.ContainerPort' }],
      },
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'containerPort',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
    });
    expect(schemas['io.k8s.api.core.v1.Container'].properties.command.items).toEqual({
      type: 'string',
      default: '',
    });
    expect(schemas['io.k8s.api.core.v1.Container'].properties.name.default).toBe('');
    expect(schemas['io.k8s.api.core.v1.ContainerPort'].properties.protocol).toMatchObject({
      type: 'string',
      default: 'TCP',
      enum: ['SCTP', 'TCP', 'UDP'],
    });
    expect(
      schemas['io.k8s.api.core.v1.PodSpec'].properties.nodeSelector['x-kubernetes-map-type'],
    ).toBe('atomic');
    expect(
      schemas['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']['x-kubernetes-map-type'],
    ).toBe('atomic');
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      format: 'int-or-string',
      oneOf: [{ type: 'integer' }, { type: 'string' }],
    });
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].type).toBeUndefined();
    expect(schemas['io.k8s.apimachinery.pkg.api.resource.Quantity']).toMatchObject({
      oneOf: [{ type: 'string' }, { type: 'number' }],
    });
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
  });

  it('yields the type names kubectl explain prints', () => {
    const prop = (def: string, field: string) => typeGuess(schemas[def].properties[field], apps);
    expect(prop('io.k8s.api.apps.v1.Deployment', 'spec')).toBe('DeploymentSpec');
    expect(prop('io.k8s.api.apps.v1.Deployment', 'metadata')).toBe('ObjectMeta');
    expect(prop('io.k8s.api.core.v1.PodSpec', 'containers')).toBe('[]Container');
    expect(prop('io.k8s.api.core.v1.PodSpec', 'nodeSelector')).toBe('map[string]string');
    expect(prop('io.k8s.api.core.v1.ResourceRequirements', 'limits')).toBe('map[string]Quantity');
    expect(prop('io.k8s.api.apps.v1.RollingUpdateDeployment', 'maxSurge')).toBe('IntOrString');
    expect(prop('io.k8s.api.core.v1.EmptyDirVolumeSource', 'sizeLimit')).toBe('Quantity');
    expect(prop('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'creationTimestamp')).toBe(
      'string',
    );
    expect(prop('io.k8s.api.apps.v1.DeploymentSpec', 'replicas')).toBe('integer');
    expect(prop('io.k8s.api.core.v1.Container', 'args')).toBe('[]string');
  });
});

describe('OpenAPI v2 document', () => {
  const v2 = openApiV2Document(RESOURCES, { serverVersion: 'v1.32.4' }) as Obj;

  it('has the same content as Swagger 2.0', () => {
    expect(v2.swagger).toBe('2.0');
    expect(v2.info.version).toBe('v1.32.4');
    const patch = v2.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch.consumes).toEqual(
      expect.arrayContaining([
        'application/strategic-merge-patch+json',
        'application/apply-patch+yaml',
      ]),
    );
    expect(patch.parameters[0]).toMatchObject({ in: 'body', name: 'body', required: true });
    expect(patch.parameters.find((p: Obj) => p.name === 'fieldValidation')).toMatchObject({
      in: 'query',
      type: 'string',
    });
    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    const spec = v2.definitions['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(spec.properties.selector).toMatchObject({
      $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
      description: expect.stringMatching(/^Label selector/),
    });
    expect(v2.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      type: 'string',
      format: 'int-or-string',
    });
    expect(v2.definitions['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([
      { group: '', kind: 'Pod', version: 'v1' },
    ]);
    for (const ref of refs(v2)) {
      expect(v2.definitions[ref.slice('#/definitions/'.length)]).toBeDefined();
    }
  });
});

describe('openApiDocuments', () => {
  it('builds each document once and serves only known group-versions', () => {
    const docs = openApiDocuments(RESOURCES);
    expect(docs.v3('apis/apps/v1')).toBe(docs.v3('/apis/apps/v1'));
    expect(docs.v3('apis/batch/v1')).toBeUndefined();
    expect(docs.v3('apis/example.com/v1')).toBeUndefined();
    expect(docs.index()).toEqual(openApiV3Index(RESOURCES));
    expect(docs.v2()).toBe(docs.v2());
  });
});
