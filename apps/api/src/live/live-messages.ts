import type { KubeObject } from '@kubelab/apimachinery';
import type { Registry } from '@kubelab/cluster-sim';

// What the lab's socket carries for one change of a cluster: Kubernetes Events as `event`,
// every other served object as `resource`, both `{clusterId, type, object}`. The simulator's
// internal records never leave the server, and managedFields are left out (as `kubectl get`
// does): the lab has no use for them and they are most of an object's bytes.

export type ChangeKind = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface LiveMessage {
  channel: 'resource' | 'event';
  payload: { clusterId: string; type: ChangeKind; object: KubeObject };
}

const groupOf = (apiVersion: string) => {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
};

export function liveMessage(
  registry: Registry,
  clusterId: string,
  type: ChangeKind,
  object: KubeObject,
): LiveMessage | null {
  const group = groupOf(object.apiVersion);
  const rt = registry.forKind(group, object.kind);
  if (!rt || rt.internal) return null;
  const { managedFields: _managed, ...metadata } = object.metadata as KubeObject['metadata'] & {
    managedFields?: unknown;
  };
  const channel = group === '' && object.kind === 'Event' ? 'event' : 'resource';
  return { channel, payload: { clusterId, type, object: { ...object, metadata } } };
}

/** Objects of a snapshot in resourceVersion order, as a subscriber's first messages. */
export function byResourceVersion(objects: Iterable<KubeObject>): KubeObject[] {
  return [...objects].sort((a, b) => {
    const x = BigInt(a.metadata.resourceVersion ?? '0');
    const y = BigInt(b.metadata.resourceVersion ?? '0');
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
