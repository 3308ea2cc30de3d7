import { formatTime } from '@kubelab/apimachinery';
import { jsonEqual } from '../../util/equal';
import type { Controller, ControllerContext } from '../controller';

// pkg/controller/namespace (deletion: empty the namespace, then drop the kubernetes finalizer),
// pkg/controller/serviceaccount (a "default" ServiceAccount everywhere) and
// pkg/controller/certificates/rootcacertpublisher (the kube-root-ca.crt ConfigMap).

export const namespaceController: Controller = {
  name: 'namespace',
  reconcile(ctx) {
    for (const ns of ctx.state.list('', 'Namespace') as any[]) {
      if (ns.metadata.deletionTimestamp) drain(ctx, ns);
      else ensureDefaults(ctx, ns.metadata.name);
    }
    return undefined;
  },
};

function ensureDefaults(ctx: ControllerContext, ns: string): void {
  if (!ctx.state.get('', 'ServiceAccount', ns, 'default')) {
    ctx.api.create({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: ns },
    });
  }
  const cm: any = ctx.state.get('', 'ConfigMap', ns, 'kube-root-ca.crt');
  const data = { 'ca.crt': ctx.profile.caCertificate };
  if (!cm) {
    ctx.api.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'kube-root-ca.crt',
        namespace: ns,
        annotations: {
          'kubernetes.io/description':
            'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
        },
      },
      data,
    } as any);
  } else if (!jsonEqual(cm.data, data)) {
    ctx.api.mutate(cm, (c: any) => (c.data = data));
  }
}

function drain(ctx: ControllerContext, ns: any): void {
  const name = ns.metadata.name;
  const remaining = new Map<string, number>();
  for (const t of ctx.registry.all()) {
    // Internal records (the kubelet's) go with their owners, not with the namespace sweep.
    if (!t.namespaced || t.storedAs || t.internal) continue;
    for (const o of ctx.state.list(t.group, t.kind, name)) {
      remaining.set(t.plural + (t.group ? `.${t.group}` : ''), (remaining.get(t.plural) ?? 0) + 1);
      if (!o.metadata.deletionTimestamp) ctx.api.delete(o, { propagationPolicy: 'Background' });
    }
  }
  const now = formatTime(ctx.now);
  if (remaining.size) {
    const list = [...remaining.keys()].sort();
    const conditions = [
      {
        type: 'NamespaceDeletionDiscoveryFailure',
        status: 'False',
        lastTransitionTime: now,
        reason: 'ResourcesDiscovered',
        message: 'All resources successfully discovered',
      },
      {
        type: 'NamespaceDeletionGroupVersionParsingFailure',
        status: 'False',
        lastTransitionTime: now,
        reason: 'ParsedGroupVersions',
        message: 'All legacy kube types successfully parsed',
      },
      {
        type: 'NamespaceDeletionContentFailure',
        status: 'False',
        lastTransitionTime: now,
        reason: 'ContentDeleted',
        message: 'All content successfully deleted, may be waiting on finalization',
      },
      {
        type: 'NamespaceContentRemaining',
        status: 'True',
        lastTransitionTime: now,
        reason: 'SomeResourcesRemain',
        message: `Some resources are remaining: ${list.map((r) => `${r} has ${remaining.get(r)} resource instances`).join(', ')}`,
      },
      {
        type: 'NamespaceFinalizersRemaining',
        status: 'False',
        lastTransitionTime: now,
        reason: 'ContentHasNoFinalizers',
        message: 'All content-preserving finalizers finished',
      },
    ];
    const prev = (ns.status?.conditions ?? []).map((c: any) => ({
      ...c,
      lastTransitionTime: undefined,
    }));
    if (
      !jsonEqual(
        prev,
        conditions.map((c) => ({ ...c, lastTransitionTime: undefined })),
      )
    ) {
      ctx.api.mutate(ns, (c: any) => (c.status = { phase: 'Terminating', conditions }), true);
    }
    return;
  }
  // Empty: remove the kubernetes finalizer (the namespace/finalize subresource); the API server
  // then removes the namespace.
  if ((ns.spec?.finalizers ?? []).length) {
    ctx.api.mutate(
      ns,
      (c: any) =>
        (c.spec = {
          ...(c.spec ?? {}),
          finalizers: (c.spec.finalizers ?? []).filter((f: string) => f !== 'kubernetes'),
        }),
    );
  }
}
