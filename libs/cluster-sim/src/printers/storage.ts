// printStorageClass, printCSINode and printCSIDriver of pkg/printers/internalversion/printers.go.
import { ageColumn, column, doc, nameColumn, printer, type PrinterEntry } from './columns';
import { age } from './format';

/** storageutil.IsDefaultAnnotation: the GA or the beta is-default-class annotation says "true". */
export function isDefaultStorageClass(sc: any): boolean {
  const a = sc.metadata?.annotations ?? {};
  return (
    a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  );
}

export const storagePrinters: PrinterEntry[] = [
  {
    group: 'storage.k8s.io',
    kind: 'StorageClass',
    printer: printer(
      () => [
        nameColumn(),
        column('Provisioner', 'string', doc('StorageClass', 'provisioner')),
        column('ReclaimPolicy', 'string', doc('StorageClass', 'reclaimPolicy')),
        column('VolumeBindingMode', 'string', doc('StorageClass', 'volumeBindingMode')),
        column('AllowVolumeExpansion', 'string', doc('StorageClass', 'allowVolumeExpansion')),
        ageColumn(),
      ],
      (sc, now) => [
        (sc.metadata?.name ?? '') + (isDefaultStorageClass(sc) ? ' (default)' : ''),
        sc.provisioner ?? '',
        sc.reclaimPolicy ?? 'Delete',
        sc.volumeBindingMode ?? 'Immediate',
        sc.allowVolumeExpansion ?? false,
        age(sc, now),
      ],
    ),
  },
  {
    group: 'storage.k8s.io',
    kind: 'CSINode',
    printer: printer(
      () => [
        nameColumn(),
        column(
          'Drivers',
          'integer',
          'Drivers indicates the number of CSI drivers registered on the node',
        ),
        ageColumn(),
      ],
      (n, now) => [n.metadata?.name ?? '', (n.spec?.drivers ?? []).length, age(n, now)],
    ),
  },
  {
    group: 'storage.k8s.io',
    kind: 'CSIDriver',
    printer: printer(
      () => [
        nameColumn(),
        column('AttachRequired', 'boolean', doc('CSIDriverSpec', 'attachRequired')),
        column('PodInfoOnMount', 'boolean', doc('CSIDriverSpec', 'podInfoOnMount')),
        column('StorageCapacity', 'boolean', doc('CSIDriverSpec', 'storageCapacity')),
        column('TokenRequests', 'string', doc('CSIDriverSpec', 'tokenRequests')),
        column('RequiresRepublish', 'boolean', doc('CSIDriverSpec', 'requiresRepublish')),
        column('Modes', 'string', doc('CSIDriverSpec', 'volumeLifecycleModes')),
        ageColumn(),
      ],
      (d, now) => {
        const spec = d.spec ?? {};
        const tokenRequests = Array.isArray(spec.tokenRequests)
          ? spec.tokenRequests.map((t: any) => t?.audience ?? '').join(',')
          : '<unset>';
        return [
          d.metadata?.name ?? '',
          spec.attachRequired ?? true,
          spec.podInfoOnMount ?? false,
          spec.storageCapacity ?? false,
          tokenRequests,
          spec.requiresRepublish ?? false,
          (spec.volumeLifecycleModes ?? []).join(',') || '<none>',
          age(d, now),
        ];
      },
    ),
  },
  {
    // printVolumeAttachment.
    group: 'storage.k8s.io',
    kind: 'VolumeAttachment',
    printer: printer(
      () => [
        nameColumn(),
        column('Attacher', 'string', doc('VolumeAttachmentSpec', 'attacher'), { format: 'name' }),
        column('PV', 'string', doc('VolumeAttachmentSource', 'persistentVolumeName')),
        column('Node', 'string', doc('VolumeAttachmentSpec', 'nodeName')),
        column('Attached', 'boolean', doc('VolumeAttachmentStatus', 'attached')),
        ageColumn(),
      ],
      (va, now) => [
        va.metadata?.name ?? '',
        va.spec?.attacher ?? '',
        va.spec?.source?.persistentVolumeName ?? '',
        va.spec?.nodeName ?? '',
        va.status?.attached ?? false,
        age(va, now),
      ],
    ),
  },
];
