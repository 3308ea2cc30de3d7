// Reading and writing a controller's memory of one object (see apis/internal/controller-memory):
// owned by that object, so the garbage collector removes it with the object.
import type { KubeObject } from '@kubelab/apimachinery';
import { SIM_GROUP } from '../../apis/internal/pod-runtime';
import { memoryName, type ControllerMemoryObject } from '../../apis/internal/controller-memory';
import { jsonEqual } from '../../util/equal';
import type { ControllerContext } from '../controller';

export function readMemory<T>(
  ctx: ControllerContext,
  controller: string,
  owner: KubeObject,
): T | undefined {
  const m = ctx.state.get(
    SIM_GROUP,
    'ControllerMemory',
    owner.metadata.namespace ?? '',
    memoryName(controller, owner.metadata.name),
  ) as ControllerMemoryObject | undefined;
  if (!m || m.metadata.ownerReferences === undefined) return undefined;
  // A memory of an object that was deleted and made again under the same name is not its memory.
  const ref = (m.metadata.ownerReferences as any[])[0];
  return ref?.uid === owner.metadata.uid ? (m.data as T) : undefined;
}

export function writeMemory<T extends object>(
  ctx: ControllerContext,
  controller: string,
  owner: KubeObject,
  data: T,
): void {
  const name = memoryName(controller, owner.metadata.name);
  const ns = owner.metadata.namespace ?? '';
  const existing = ctx.state.get(SIM_GROUP, 'ControllerMemory', ns, name) as
    ControllerMemoryObject | undefined;
  const ownerReferences = [
    {
      apiVersion: owner.apiVersion,
      kind: owner.kind,
      name: owner.metadata.name,
      uid: owner.metadata.uid!,
    },
  ];
  if (!existing) {
    ctx.api.create({
      apiVersion: `${SIM_GROUP}/v1`,
      kind: 'ControllerMemory',
      metadata: { name, namespace: ns, ownerReferences },
      data,
    } as unknown as KubeObject);
    return;
  }
  if (
    jsonEqual(existing.data, data) &&
    jsonEqual(existing.metadata.ownerReferences, ownerReferences)
  )
    return;
  ctx.api.mutate(existing as unknown as KubeObject, (m: any) => {
    m.metadata.ownerReferences = ownerReferences;
    m.data = data;
  });
}
