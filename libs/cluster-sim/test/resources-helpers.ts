import fs from 'node:fs';
import path from 'node:path';
import { StatusError, type KubeObject } from '@kubelab/apimachinery';
import { SimCluster, parseManifests } from '../src';

// Shared by the resources-* tests (LimitRange, ResourceQuota, PriorityClass, QoS): corpus
// manifests applied "-n <namespace>" as kubectl does, and the refusal a learner would read.

const CORPUS = path.resolve(__dirname, 'fixtures/corpus');

export const corpus = (f: string) => fs.readFileSync(path.join(CORPUS, 'website', f), 'utf8');

/** The expected.json entry of one corpus file. */
export function expected(file: string): any {
  const all = JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected.json'), 'utf8'));
  const e = all.find((x: any) => x.file === file);
  if (!e) throw new Error(`no expected.json entry for ${file}`);
  return e;
}

export function namespace(c: SimCluster, name: string): void {
  c.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } } as KubeObject);
  c.reconcile();
}

/** `kubectl apply -f <yaml> -n <ns>`: every document into the namespace. */
export function applyIn(c: SimCluster, yaml: string, ns = 'default'): KubeObject[] {
  return parseManifests(yaml).map((o) => {
    if (c.registry.forApiVersion(o.apiVersion, o.kind)?.namespaced)
      o.metadata.namespace = o.metadata.namespace ?? ns;
    return c.apply(o)[0]!;
  });
}

/** The error a refused apply gives (fails the test when it is accepted). */
export function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the request to be refused');
}

/** `kubectl taint nodes kubelab-control-plane node-role.kubernetes.io/control-plane:NoSchedule-`. */
export function untaintControlPlane(c: SimCluster): void {
  c.patch('nodes', '', 'kubelab-control-plane', { spec: { taints: null } });
}
