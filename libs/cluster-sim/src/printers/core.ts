// printNode, printNamespace, printConfigMap, printSecret, printServiceAccount,
// printPersistentVolume(Claim), printResourceQuota and printReplicationController of
// pkg/printers/internalversion/printers.go.
import { formatLabels } from '@kubelab/apimachinery';
import {
  CONTAINERS_DOC,
  IMAGES_DOC,
  ageColumn,
  column,
  doc,
  nameColumn,
  printer,
  wide,
  type PrinterEntry,
} from './columns';
import { age, containerCells, int, quantity, sortedSet } from './format';

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

/** findNodeRoles: node-role.kubernetes.io/<role> labels and the legacy kubernetes.io/role=<role>. */
export function nodeRoles(node: any): string[] {
  const roles: string[] = [];
  for (const [k, v] of Object.entries<string>(node.metadata?.labels ?? {})) {
    if (k.startsWith(ROLE_LABEL_PREFIX)) {
      const role = k.slice(ROLE_LABEL_PREFIX.length);
      if (role) roles.push(role);
    } else if (k === LEGACY_ROLE_LABEL && v) {
      roles.push(v);
    }
  }
  return sortedSet(roles);
}

/** STATUS of a node: its Ready condition only, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: any): string {
  const readyCond = (node.status?.conditions ?? []).find((c: any) => c?.type === 'Ready');
  const status = readyCond ? [readyCond.status === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

const nodeAddress = (node: any, type: string) =>
  (node.status?.addresses ?? []).find((a: any) => a?.type === type)?.address ?? '<none>';

/** GetAccessModesAsString: de-duplicated, always in the order RWO,ROX,RWX,RWOP. */
export function accessModes(modes: string[] | undefined): string {
  const set = new Set(modes ?? []);
  const order: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return order
    .filter(([m]) => set.has(m))
    .map(([, s]) => s)
    .join(',');
}

// The beta annotation still wins over spec.storageClassName, as in GetPersistentVolume(Claim)Class.
const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
const storageClassOf = (obj: any): string => {
  const annotations = obj.metadata?.annotations ?? {};
  if (Object.hasOwn(annotations, BETA_STORAGE_CLASS)) return annotations[BETA_STORAGE_CLASS];
  return obj.spec?.storageClassName ?? '';
};

const terminatingPhase = (obj: any) =>
  obj.metadata?.deletionTimestamp ? 'Terminating' : (obj.status?.phase ?? '');

/** printResourceQuota: "resource: used/hard" pairs, requests and limits in separate cells. */
function quotaCells(rq: any): [string, string] {
  const hard = rq.status?.hard ?? {};
  const used = rq.status?.used ?? {};
  const requests: string[] = [];
  const limits: string[] = [];
  for (const r of sortedSet(Object.keys(hard))) {
    const pieces = r.split('.');
    const out = pieces.length > 1 && pieces[0] === 'limits' ? limits : requests;
    out.push(`${r}: ${quantity(used[r])}/${quantity(hard[r])}`);
  }
  return [requests.join(', '), limits.join(', ')];
}

export const corePrinters: PrinterEntry[] = [
  {
    group: '',
    kind: 'Node',
    printer: printer(
      () => [
        nameColumn(),
        column('Status', 'string', 'The status of the node'),
        column('Roles', 'string', 'The roles of the node'),
        ageColumn(),
        column('Version', 'string', doc('NodeSystemInfo', 'kubeletVersion')),
        wide('Internal-IP', 'string', doc('NodeStatus', 'addresses')),
        wide('External-IP', 'string', doc('NodeStatus', 'addresses')),
        wide('OS-Image', 'string', doc('NodeSystemInfo', 'osImage')),
        wide('Kernel-Version', 'string', doc('NodeSystemInfo', 'kernelVersion')),
        wide('Container-Runtime', 'string', doc('NodeSystemInfo', 'containerRuntimeVersion')),
      ],
      (node, now) => {
        const info = node.status?.nodeInfo ?? {};
        return [
          node.metadata?.name ?? '',
          nodeStatus(node),
          nodeRoles(node).join(',') || '<none>',
          age(node, now),
          info.kubeletVersion ?? '',
          nodeAddress(node, 'InternalIP'),
          nodeAddress(node, 'ExternalIP'),
          info.osImage || '<unknown>',
          info.kernelVersion || '<unknown>',
          info.containerRuntimeVersion || '<unknown>',
        ];
      },
    ),
  },
  {
    group: '',
    kind: 'Namespace',
    printer: printer(
      () => [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
      (ns, now) => [ns.metadata?.name ?? '', ns.status?.phase ?? '', age(ns, now)],
    ),
  },
  {
    group: '',
    kind: 'ConfigMap',
    printer: printer(
      () => [nameColumn(), column('Data', 'string', doc('ConfigMap', 'data')), ageColumn()],
      (cm, now) => [
        cm.metadata?.name ?? '',
        Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
        age(cm, now),
      ],
    ),
  },
  {
    group: '',
    kind: 'Secret',
    printer: printer(
      () => [
        nameColumn(),
        column('Type', 'string', doc('Secret', 'type')),
        column('Data', 'string', doc('Secret', 'data')),
        ageColumn(),
      ],
      (s, now) => [
        s.metadata?.name ?? '',
        s.type ?? '',
        Object.keys(s.data ?? {}).length,
        age(s, now),
      ],
    ),
  },
  {
    group: '',
    kind: 'ServiceAccount',
    printer: printer(
      () => [
        nameColumn(),
        column('Secrets', 'string', doc('ServiceAccount', 'secrets')),
        ageColumn(),
      ],
      (sa, now) => [sa.metadata?.name ?? '', (sa.secrets ?? []).length, age(sa, now)],
    ),
  },
  {
    group: '',
    kind: 'PersistentVolume',
    printer: printer(
      () => [
        nameColumn(),
        column('Capacity', 'string', doc('PersistentVolumeSpec', 'capacity')),
        column('Access Modes', 'string', doc('PersistentVolumeSpec', 'accessModes')),
        column(
          'Reclaim Policy',
          'string',
          doc('PersistentVolumeSpec', 'persistentVolumeReclaimPolicy'),
        ),
        column('Status', 'string', doc('PersistentVolumeStatus', 'phase')),
        column('Claim', 'string', doc('PersistentVolumeSpec', 'claimRef')),
        column('StorageClass', 'string', 'StorageClass of the pv'),
        column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
        column('Reason', 'string', doc('PersistentVolumeStatus', 'reason')),
        ageColumn(),
        wide('VolumeMode', 'string', doc('PersistentVolumeSpec', 'volumeMode')),
      ],
      (pv, now) => {
        const spec = pv.spec ?? {};
        const claim = spec.claimRef
          ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}`
          : '';
        return [
          pv.metadata?.name ?? '',
          quantity(spec.capacity?.storage),
          accessModes(spec.accessModes),
          spec.persistentVolumeReclaimPolicy ?? '',
          terminatingPhase(pv),
          claim,
          storageClassOf(pv),
          spec.volumeAttributesClassName ?? '<unset>',
          pv.status?.reason ?? '',
          age(pv, now),
          spec.volumeMode ?? '<unset>',
        ];
      },
    ),
  },
  {
    group: '',
    kind: 'PersistentVolumeClaim',
    printer: printer(
      () => [
        nameColumn(),
        column('Status', 'string', doc('PersistentVolumeClaimStatus', 'phase')),
        column('Volume', 'string', doc('PersistentVolumeClaimSpec', 'volumeName')),
        column('Capacity', 'string', doc('PersistentVolumeClaimStatus', 'capacity')),
        column('Access Modes', 'string', doc('PersistentVolumeClaimStatus', 'accessModes')),
        column('StorageClass', 'string', 'StorageClass of the pvc'),
        column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
        ageColumn(),
        wide('VolumeMode', 'string', doc('PersistentVolumeClaimSpec', 'volumeMode')),
      ],
      (pvc, now) => {
        const spec = pvc.spec ?? {};
        // Capacity and access modes are those of the bound volume: blank until bound.
        const bound = !!spec.volumeName;
        return [
          pvc.metadata?.name ?? '',
          terminatingPhase(pvc),
          spec.volumeName ?? '',
          bound ? quantity(pvc.status?.capacity?.storage) : '',
          bound ? accessModes(pvc.status?.accessModes) : '',
          storageClassOf(pvc),
          spec.volumeAttributesClassName ?? '<unset>',
          age(pvc, now),
          spec.volumeMode ?? '<unset>',
        ];
      },
    ),
  },
  {
    group: '',
    kind: 'ResourceQuota',
    printer: printer(
      // Age comes before the cells here (resourceQuotaColumnDefinitions).
      () => [
        nameColumn(),
        ageColumn(),
        column(
          'Request',
          'string',
          'Request represents a minimum amount of cpu/memory that a container may consume.',
        ),
        column(
          'Limit',
          'string',
          'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
        ),
      ],
      (rq, now) => [rq.metadata?.name ?? '', age(rq, now), ...quotaCells(rq)],
    ),
  },
  {
    group: '',
    kind: 'ReplicationController',
    printer: printer(
      () => [
        nameColumn(),
        column('Desired', 'integer', doc('ReplicationControllerSpec', 'replicas')),
        column('Current', 'integer', doc('ReplicationControllerStatus', 'replicas')),
        column('Ready', 'integer', doc('ReplicationControllerStatus', 'readyReplicas')),
        ageColumn(),
        wide('Containers', 'string', CONTAINERS_DOC),
        wide('Images', 'string', IMAGES_DOC),
        wide('Selector', 'string', doc('ReplicationControllerSpec', 'selector')),
      ],
      (rc, now) => [
        rc.metadata?.name ?? '',
        int(rc.spec?.replicas ?? 1),
        int(rc.status?.replicas),
        int(rc.status?.readyReplicas),
        age(rc, now),
        ...containerCells(rc.spec?.template?.spec?.containers),
        formatLabels(rc.spec?.selector),
      ],
    ),
  },
];
