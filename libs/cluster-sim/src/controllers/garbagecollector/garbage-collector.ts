import type { KubeObject } from '@kubelab/apimachinery';
import type { Controller, ControllerContext } from '../controller';

// pkg/controller/garbagecollector: dependents whose owners are all gone are deleted
// (background); owners deleted in the foreground wait for their blocking dependents; orphaning
// owners release their dependents first.

export const garbageCollector: Controller = {
  name: 'garbagecollector',
  reconcile(ctx) {
    const byUid = { get: (uid: string) => ctx.state.byUid(uid) };
    const all = [...ctx.state.all()];
    // Owners waiting on their dependents.
    for (const owner of all) {
      const fin = owner.metadata.finalizers ?? [];
      if (!owner.metadata.deletionTimestamp || !fin.length) continue;
      if (fin.includes('orphan')) orphan(ctx, owner);
      else if (fin.includes('foregroundDeletion')) foreground(ctx, owner);
    }
    // Dependents whose owners are gone.
    for (const o of all) {
      const refs = o.metadata.ownerReferences;
      if (!refs?.length) continue;
      const live = refs.filter((r) => {
        const owner = byUid.get(r.uid);
        return owner && owner.kind === r.kind && owner.metadata.name === r.name;
      });
      if (live.length === refs.length) continue;
      const current = ctx.state.get(
        groupOf(o),
        o.kind,
        o.metadata.namespace ?? '',
        o.metadata.name,
      );
      if (!current) continue;
      if (live.length === 0) {
        if (!current.metadata.deletionTimestamp)
          ctx.api.delete(current, { propagationPolicy: 'Background' });
      } else {
        const alive = new Set(live.map((r) => r.uid));
        ctx.api.mutate(
          current,
          (c) =>
            (c.metadata.ownerReferences = c.metadata.ownerReferences!.filter((r) =>
              alive.has(r.uid),
            )),
        );
      }
    }
    return undefined;
  },
};

const groupOf = (o: KubeObject) => (o.apiVersion.includes('/') ? o.apiVersion.split('/')[0]! : '');

function orphan(ctx: ControllerContext, owner: KubeObject): void {
  for (const d of ctx.state.dependentsOf(owner.metadata.uid!)) {
    ctx.api.mutate(d, (c) => {
      c.metadata.ownerReferences = c.metadata.ownerReferences!.filter(
        (r) => r.uid !== owner.metadata.uid,
      );
      if (!c.metadata.ownerReferences.length) delete c.metadata.ownerReferences;
    });
  }
  ctx.api.mutate(owner, (c) => {
    c.metadata.finalizers = (c.metadata.finalizers ?? []).filter((f) => f !== 'orphan');
  });
}

function foreground(ctx: ControllerContext, owner: KubeObject): void {
  const dependents = ctx.state.dependentsOf(owner.metadata.uid!);
  const blocking = dependents.filter((d) =>
    d.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid && r.blockOwnerDeletion),
  );
  for (const d of dependents)
    if (!d.metadata.deletionTimestamp) ctx.api.delete(d, { propagationPolicy: 'Foreground' });
  if (!blocking.length) {
    ctx.api.mutate(owner, (c) => {
      c.metadata.finalizers = (c.metadata.finalizers ?? []).filter(
        (f) => f !== 'foregroundDeletion',
      );
    });
  }
}
