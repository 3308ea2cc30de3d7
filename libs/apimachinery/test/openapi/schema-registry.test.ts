import fs from 'node:fs';
import path from 'node:path';
import { KIND_MODELS, META_MODELS } from '../../src/openapi/kind-models';
import { allModels, isObjectModel } from '../../src/openapi/model-data';
import { FIELD_PATCH_METADATA } from '../../src/openapi/patch-metadata';
import type { SchemaNode } from '../../src/openapi/schema-node';
import { rootKinds, schemaByTypeName, schemaFor } from '../../src/openapi/schema-registry';

/** Follows a path like "spec.template.spec.containers[].ports" ("[]" steps into items). */
function at(root: SchemaNode, p: string): SchemaNode {
  let node: SchemaNode | undefined = root;
  for (const part of p.split('.')) {
    const name = part.replace(/\[\]$/, '');
    node = node?.field(name);
    if (node && part.endsWith('[]')) node = node.items;
    if (!node) throw new Error(`no ${part} in ${p}`);
  }
  return node;
}

describe('schema registry', () => {
  const deployment = () => schemaFor('apps', 'v1', 'Deployment')!;

  it('resolves Deployment.spec.template.spec.containers[].ports as a list merged by containerPort', () => {
    const ports = at(deployment(), 'spec.template.spec.containers[].ports');
    expect(ports.type).toBe('array');
    expect(ports.patchStrategy).toBe('merge');
    expect(ports.patchMergeKey).toBe('containerPort');
    expect(ports.listType).toBe('map');
    expect(ports.listMapKeys).toEqual(['containerPort', 'protocol']);
    expect(ports.items?.typeName).toBe('ContainerPort');
    expect(ports.items?.required).toEqual(['containerPort']);
    expect(ports.items?.field('containerPort')).toMatchObject({ type: 'integer', format: 'int32' });
  });

  it('carries the patch metadata Kubernetes declares on the well-known lists', () => {
    const pod = schemaFor('', 'v1', 'Pod')!;
    expect(at(pod, 'spec.containers')).toMatchObject({
      patchStrategy: 'merge',
      patchMergeKey: 'name',
      listType: 'map',
      listMapKeys: ['name'],
    });
    expect(at(pod, 'spec.containers[].env')).toMatchObject({ patchMergeKey: 'name' });
    expect(at(pod, 'spec.containers[].volumeMounts')).toMatchObject({
      patchStrategy: 'merge',
      patchMergeKey: 'mountPath',
      listMapKeys: ['mountPath'],
    });
    expect(at(pod, 'spec.volumes')).toMatchObject({
      patchStrategy: 'merge,retainKeys',
      patchMergeKey: 'name',
      listType: 'map',
    });
    expect(at(pod, 'spec.imagePullSecrets')).toMatchObject({ patchMergeKey: 'name' });
    const tolerations = at(pod, 'spec.tolerations');
    expect(tolerations.listType).toBe('atomic');
    expect(tolerations.patchStrategy).toBeUndefined();
    expect(at(pod, 'status.conditions')).toMatchObject({ patchMergeKey: 'type', listType: 'map' });
    expect(at(pod, 'spec.nodeSelector').mapType).toBe('atomic');
    expect(at(pod, 'metadata.finalizers')).toMatchObject({
      patchStrategy: 'merge',
      listType: 'set',
    });
    expect(at(pod, 'metadata.ownerReferences')).toMatchObject({
      patchMergeKey: 'uid',
      listMapKeys: ['uid'],
    });
    const svc = schemaFor('', 'v1', 'Service')!;
    expect(at(svc, 'spec.ports')).toMatchObject({
      patchMergeKey: 'port',
      listMapKeys: ['port', 'protocol'],
    });
    expect(at(schemaFor('', 'v1', 'Node')!, 'status.addresses')).toMatchObject({
      patchMergeKey: 'type',
    });
    expect(at(deployment(), 'spec.strategy').patchStrategy).toBe('retainKeys');
    expect(at(deployment(), 'status.conditions').patchMergeKey).toBe('type');
    // +structType=atomic types stay atomic wherever they are used.
    expect(at(deployment(), 'spec.selector').mapType).toBe('atomic');
  });

  it('every patch-metadata entry names a field that exists', () => {
    const missing: string[] = [];
    for (const [pkg, entries] of Object.entries(FIELD_PATCH_METADATA)) {
      for (const key of Object.keys(entries)) {
        const [type, field] = key.split('.');
        const def = [...allModels().keys()].find(
          (d) => d.endsWith(`.${type}`) && d.includes(pkg.replace('/', '.')),
        );
        const spec = def ? allModels().get(def) : undefined;
        if (!spec || !isObjectModel(spec) || !spec.fields[field!]) missing.push(`${pkg} ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has descriptions, types and formats', () => {
    const replicas = at(deployment(), 'spec.replicas');
    expect(replicas).toMatchObject({ type: 'integer', format: 'int32' });
    expect(replicas.description).toMatch(/^Number of desired pods\./);
    expect(schemaByTypeName('DeploymentSpec')!.description).toMatch(/^DeploymentSpec is/);
    // A field whose type is a struct has its own description, not the struct's.
    expect(at(deployment(), 'spec.selector').description).toMatch(/^Label selector for pods/);
    expect(at(deployment(), 'spec.selector').typeName).toBe('LabelSelector');
    expect(at(deployment(), 'spec.strategy.rollingUpdate.maxSurge')).toMatchObject({
      type: 'int-or-string',
      typeName: 'IntOrString',
    });
    expect(at(deployment(), 'spec.strategy.rollingUpdate.maxSurge').description).toMatch(
      /^The maximum number of pods/,
    );
    expect(at(deployment(), 'metadata.creationTimestamp')).toMatchObject({ type: 'date-time' });
    expect(at(deployment(), 'spec.template.metadata.labels')).toMatchObject({
      type: 'map',
      values: { type: 'string' },
    });
    expect(at(schemaFor('', 'v1', 'Secret')!, 'data').values).toMatchObject({
      type: 'string',
      format: 'byte',
    });
    expect(at(schemaFor('coordination.k8s.io', 'v1', 'Lease')!, 'spec.renewTime').typeName).toBe(
      'MicroTime',
    );
  });

  it('lists the values of enum-typed fields', () => {
    const pod = schemaFor('', 'v1', 'Pod')!;
    expect(at(pod, 'spec.containers[].ports[].protocol').enum).toEqual(['SCTP', 'TCP', 'UDP']);
    expect(at(pod, 'spec.restartPolicy').enum).toEqual(['Always', 'Never', 'OnFailure']);
    expect(at(deployment(), 'spec.strategy.type').enum).toEqual(['Recreate', 'RollingUpdate']);
    expect(at(pod, 'spec.containers[].image').enum).toBeUndefined();
  });

  it('types resource.Quantity fields as quantities', () => {
    const pod = schemaFor('', 'v1', 'Pod')!;
    expect(at(pod, 'spec.containers[].resources.limits').values?.type).toBe('quantity');
    expect(at(pod, 'spec.containers[].resources.requests').values?.type).toBe('quantity');
    expect(at(pod, 'spec.volumes[].emptyDir.sizeLimit').type).toBe('quantity');
    expect(at(schemaFor('', 'v1', 'Node')!, 'status.allocatable').values?.type).toBe('quantity');
    expect(at(schemaFor('', 'v1', 'ResourceQuota')!, 'status.used').values?.type).toBe('quantity');
    expect(
      at(schemaFor('', 'v1', 'LimitRange')!, 'spec.limits[].defaultRequest').values?.type,
    ).toBe('quantity');
    expect(
      at(schemaFor('', 'v1', 'PersistentVolumeClaim')!, 'spec.resources.requests').values?.type,
    ).toBe('quantity');
    // A plain string map stays a string map.
    expect(at(pod, 'metadata.annotations').values?.type).toBe('string');
  });

  it('resolves every kind in KIND_MODELS, each with TypeMeta and ObjectMeta', () => {
    expect(KIND_MODELS.length).toBeGreaterThanOrEqual(45);
    expect(rootKinds()).toHaveLength(KIND_MODELS.length);
    for (const k of KIND_MODELS) {
      const s = schemaFor(k.group, k.version, k.kind);
      expect({ kind: k.kind, typeName: s?.typeName }).toEqual({ kind: k.kind, typeName: k.kind });
      expect(s!.field('apiVersion')?.type).toBe('string');
      expect(s!.field('kind')?.type).toBe('string');
      expect(s!.field('metadata')?.typeName).toBe('ObjectMeta');
      if (k.listDefinition) {
        expect(schemaByTypeName(k.listDefinition)?.field('items')?.items?.typeName).toBe(k.kind);
      }
    }
    for (const m of META_MODELS) expect(schemaByTypeName(m.definition)).toBeDefined();
    expect(schemaFor('apps', 'v1', 'Nope')).toBeUndefined();
  });

  it('tells same-named types apart by definition', () => {
    const coreEvent = schemaFor('', 'v1', 'Event')!;
    const eventsEvent = schemaFor('events.k8s.io', 'v1', 'Event')!;
    expect(coreEvent.field('involvedObject')).toBeDefined();
    expect(eventsEvent.field('involvedObject')).toBeUndefined();
    expect(eventsEvent.field('regarding')).toBeDefined();
    expect(
      schemaFor('autoscaling', 'v1', 'HorizontalPodAutoscaler')!.field('spec')!.fieldNames(),
    ).toContain('targetCPUUtilizationPercentage');
    expect(
      schemaFor('autoscaling', 'v2', 'HorizontalPodAutoscaler')!.field('spec')!.fieldNames(),
    ).toContain('metrics');
    expect(schemaByTypeName('io.k8s.api.events.v1.Event')?.field('regarding')).toBeDefined();
    expect(schemaByTypeName('Event')?.field('involvedObject')).toBeDefined();
  });

  it('builds nodes lazily and shares them, so recursive walks terminate', () => {
    const a = at(deployment(), 'spec.template.spec.containers[]');
    const b = at(schemaFor('', 'v1', 'Pod')!, 'spec.containers[]');
    expect(a).toBe(b);
    expect(a).toBe(schemaByTypeName('Container'));
    expect(at(deployment(), 'spec.template.spec.containers')).toBe(
      at(schemaFor('apps', 'v1', 'ReplicaSet')!, 'spec.template.spec.containers'),
    );
    const seen = new Set<SchemaNode>();
    const walk = (n: SchemaNode) => {
      if (seen.has(n)) return;
      seen.add(n);
      for (const f of n.fieldNames()) walk(n.field(f)!);
      if (n.items) walk(n.items);
      if (n.values) walk(n.values);
    };
    for (const k of rootKinds()) walk(schemaFor(k.group, k.version, k.kind)!);
    expect(seen.size).toBeGreaterThan(1000);
  });
});

describe('generated schema data', () => {
  const dir = path.join(__dirname, '../../src/openapi/generated');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('is split in files under 900 KB, each saying where it comes from', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      expect(text.length).toBeLessThan(900 * 1024);
      const doc = JSON.parse(text) as Record<string, unknown>;
      expect(doc['//']).toMatch(/k8s-openapi-models\.ts from @kubernetes\/client-node \d/);
      const names = Object.keys(doc.models as object);
      expect(names).toEqual([...names].sort());
    }
  });

  it('refers only to definitions it has', () => {
    const dangling: string[] = [];
    const check = (owner: string, v: { ref?: string; items?: object; values?: object }) => {
      if (v.ref && !allModels().has(v.ref)) dangling.push(`${owner} -> ${v.ref}`);
      if (v.items) check(owner, v.items);
      if (v.values) check(owner, v.values);
    };
    for (const [def, spec] of allModels()) {
      if (isObjectModel(spec)) for (const f of Object.values(spec.fields)) check(def, f);
    }
    expect(dangling).toEqual([]);
  });
});
