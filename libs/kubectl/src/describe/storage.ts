import { formatLabels } from '@kubelab/apimachinery';
import { corePath, getObject, listAll, type Describer } from './context';
import { describeEvents, refOf, searchEvents } from './events';
import { printAnnotations, printLabels, quantityString } from './format';
import { goSortStrings } from './go-sort';
import {
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  tabbedString,
  type PrefixWriter,
} from './prefix-writer';
import { rfc1123z, since } from './time';

// kubectl describe for storage (k8s.io/kubectl/pkg/describe: describePersistentVolume,
// describePersistentVolumeClaim, describeStorageClass, describeCSINode): a volume with its
// claim, node affinity and source; a claim with the pods using it and its resize conditions; a
// class with its parameters in one line.

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';
const classOf = (o: any): string => {
  const a = o.metadata?.annotations ?? {};
  return Object.hasOwn(a, BETA_CLASS) ? a[BETA_CLASS] : (o.spec?.storageClassName ?? '');
};

/** GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order. */
function accessModes(modes: string[] | undefined): string {
  const set = new Set(modes ?? []);
  return (
    [
      ['ReadWriteOnce', 'RWO'],
      ['ReadOnlyMany', 'ROX'],
      ['ReadWriteMany', 'RWX'],
      ['ReadWriteOncePod', 'RWOP'],
    ] as const
  )
    .filter(([m]) => set.has(m))
    .map(([, s]) => s)
    .join(',');
}

/** Go's %v of a string slice: `[a b]`. */
const goList = (xs: string[] | undefined) => `[${(xs ?? []).join(' ')}]`;

function printVolumeNodeAffinity(w: PrefixWriter, affinity: any): void {
  w.write(LEVEL_0, 'Node Affinity:\t');
  if (!affinity?.required) return w.writeLine('<none>');
  w.writeLine('');
  w.write(LEVEL_1, 'Required Terms:\t');
  const terms: any[] = affinity.required.nodeSelectorTerms ?? [];
  if (!terms.length) return w.writeLine('<none>');
  w.writeLine('');
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs: any[] = term.matchExpressions ?? [];
    if (!reqs.length) return w.writeLine('<none>');
    reqs.forEach((r, j) => {
      if (j) w.write(LEVEL_2, '\t');
      let expr = `${r.key} ${String(r.operator ?? '').toLowerCase()}`;
      if (r.values?.length) expr += ` [${r.values.join(', ')}]`;
      w.write(LEVEL_0, `${expr}\n`);
    });
  });
}

function printSource(w: PrefixWriter, spec: any): void {
  if (spec.hostPath)
    w.write(
      LEVEL_2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path ?? ''}\n    HostPathType:\t${spec.hostPath.type ?? '<none>'}\n`,
    );
  else if (spec.nfs)
    w.write(
      LEVEL_2,
      `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server ?? ''}\n    Path:\t${spec.nfs.path ?? ''}\n    ReadOnly:\t${!!spec.nfs.readOnly}\n`,
    );
  else if (spec.local)
    w.write(
      LEVEL_2,
      `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path ?? ''}\n`,
    );
  else if (spec.csi) {
    const csi = spec.csi;
    w.write(
      LEVEL_2,
      `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${csi.driver ?? ''}\n    FSType:\t${csi.fsType ?? ''}\n    VolumeHandle:\t${csi.volumeHandle ?? ''}\n    ReadOnly:\t${!!csi.readOnly}\n`,
    );
    w.write(LEVEL_2, 'VolumeAttributes:\t');
    const attrs = csi.volumeAttributes ?? {};
    const keys = Object.keys(attrs).sort();
    if (!keys.length) return w.writeLine('<none>');
    keys.forEach((k, i) => {
      // Continuation lines are indented twice over, as kubectl does.
      if (i) {
        w.write(LEVEL_2, '');
        w.write(LEVEL_2, '\t');
      }
      const line = `${k}=${attrs[k]}`;
      w.write(LEVEL_2, `${line.length > 140 ? `${line.slice(0, 140)}...` : line}\n`);
    });
  }
}

export const describePersistentVolumeObject: Describer = async (ctx, r, namespace, name) => {
  const pv = await getObject(ctx, r, namespace, name);
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(pv, 'PersistentVolume'))
    : undefined;
  const spec = pv.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pv.metadata.name}\n`);
    printLabels(w, 'Labels', pv.metadata.labels);
    printAnnotations(w, 'Annotations', pv.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goList(pv.metadata.finalizers)}\n`);
    w.write(LEVEL_0, `StorageClass:\t${classOf(pv)}\n`);
    if (pv.metadata.deletionTimestamp)
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp, ctx.now)})\n`,
      );
    else w.write(LEVEL_0, `Status:\t${pv.status?.phase ?? ''}\n`);
    w.write(
      LEVEL_0,
      `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`,
    );
    w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModes(spec.accessModes)}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(LEVEL_0, `Capacity:\t${quantityString(spec.capacity?.storage)}\n`);
    printVolumeNodeAffinity(w, spec.nodeAffinity);
    w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
    w.write(LEVEL_0, 'Source:\n');
    printSource(w, spec);
    if (events) describeEvents(events, w, ctx.now);
  });
};

export const describePersistentVolumeClaimObject: Describer = async (ctx, r, namespace, name) => {
  const pvc = await getObject(ctx, r, namespace, name);
  const ns = pvc.metadata.namespace ?? '';
  const pods = (await listAll(ctx, corePath('pods', ns))).filter((p: any) =>
    (p.spec?.volumes ?? []).some(
      (v: any) =>
        v.persistentVolumeClaim?.claimName === pvc.metadata.name ||
        (v.ephemeral && `${p.metadata.name}-${v.name}` === pvc.metadata.name),
    ),
  );
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(pvc, 'PersistentVolumeClaim'))
    : undefined;
  const spec = pvc.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pvc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    w.write(LEVEL_0, `StorageClass:\t${classOf(pvc)}\n`);
    if (pvc.metadata.deletionTimestamp)
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${since(pvc.metadata.deletionTimestamp, ctx.now)})\n`,
      );
    else w.write(LEVEL_0, `Status:\t${pvc.status?.phase ?? ''}\n`);
    w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
    printLabels(w, 'Labels', pvc.metadata.labels);
    printAnnotations(w, 'Annotations', pvc.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goList(pvc.metadata.finalizers)}\n`);
    const bound = !!spec.volumeName;
    w.write(LEVEL_0, `Capacity:\t${bound ? quantityString(pvc.status?.capacity?.storage) : ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${bound ? accessModes(pvc.status?.accessModes) : ''}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    if (spec.dataSource) {
      w.write(LEVEL_0, 'DataSource:\n');
      if (spec.dataSource.apiGroup != null)
        w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind ?? ''}\n`);
      w.write(LEVEL_1, `Name:\t${spec.dataSource.name ?? ''}\n`);
    }
    w.write(LEVEL_0, 'Used By:\t');
    const names = goSortStrings(pods.map((p: any) => p.metadata.name));
    if (!names.length) w.writeLine('<none>');
    names.forEach((n, i) => {
      if (i) w.write(LEVEL_0, '\t');
      w.write(LEVEL_0, `${n}\n`);
    });
    const conditions: any[] = pvc.status?.conditions ?? [];
    if (conditions.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type ?? ''} \t${c.status ?? ''} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

const isDefaultClass = (sc: any) => {
  const a = sc.metadata?.annotations ?? {};
  return (
    a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  );
};

export const describeStorageClassObject: Describer = async (ctx, r, namespace, name) => {
  const sc = await getObject(ctx, r, namespace, name);
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(sc, 'StorageClass'))
    : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sc.metadata.name}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefaultClass(sc) ? 'Yes' : 'No'}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata.annotations ?? {})}\n`);
    w.write(LEVEL_0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters ?? {})}\n`);
    const expansion = sc.allowVolumeExpansion;
    w.write(
      LEVEL_0,
      `AllowVolumeExpansion:\t${expansion === undefined || expansion === null ? '<unset>' : expansion ? 'True' : 'False'}\n`,
    );
    if (!sc.mountOptions?.length) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
    else {
      w.write(LEVEL_0, 'MountOptions:\n');
      for (const o of sc.mountOptions) w.write(LEVEL_1, `${o}\n`);
    }
    if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    if (sc.allowedTopologies) {
      w.write(LEVEL_0, 'AllowedTopologies:\t');
      if (!sc.allowedTopologies.length) w.writeLine('<none>');
      else {
        w.writeLine('');
        sc.allowedTopologies.forEach((term: any, i: number) => {
          w.write(LEVEL_1, `Term ${i}:\t`);
          const reqs: any[] = term.matchLabelExpressions ?? [];
          if (!reqs.length) return w.writeLine('<none>');
          reqs.forEach((req, j) => {
            if (j) w.write(LEVEL_1, '\t');
            let expr = `${req.key} in`;
            if (req.values?.length) expr += ` [${req.values.join(', ')}]`;
            w.write(LEVEL_0, `${expr}\n`);
          });
        });
      }
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

export const describeCSINodeObject: Describer = async (ctx, r, namespace, name) => {
  const node = await getObject(ctx, r, namespace, name);
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx, refOf(node, 'CSINode'))
    : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${node.metadata.name}\n`);
    printLabels(w, 'Labels', node.metadata.labels);
    printAnnotations(w, 'Annotations', node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, 'Spec:\n');
    if (node.spec?.drivers) {
      w.write(LEVEL_1, 'Drivers:\n');
      for (const d of node.spec.drivers) {
        w.write(LEVEL_2, `${d.name}:\n`);
        w.write(LEVEL_3, `Node ID:\t${d.nodeID ?? ''}\n`);
        if (d.allocatable?.count != null) {
          w.write(LEVEL_3, 'Allocatables:\n');
          w.write(LEVEL_3 + 1, `Count:\t${d.allocatable.count}\n`);
        }
        if (d.topologyKeys) w.write(LEVEL_3, `Topology Keys:\t${goList(d.topologyKeys)}\n`);
      }
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};
