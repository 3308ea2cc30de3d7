// printDeployment, printReplicaSet, printStatefulSet, printDaemonSet and printControllerRevision
// of pkg/printers/internalversion/printers.go.
import { formatLabelSelector, formatLabels, labelSelectorAsSelector } from '@kubelab/apimachinery';
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
import { age, containerCells, int } from './format';

// Stored workloads always have spec.replicas (defaulted to 1); the fallback only guards odd input.
const desired = (obj: any) => int(obj.spec?.replicas ?? 1);

/** A Deployment's SELECTOR: the selector's string form ("" when empty), "<invalid>" if it is bad. */
function deploymentSelector(selector: any): string {
  try {
    return labelSelectorAsSelector(selector).toString();
  } catch {
    return '<invalid>';
  }
}

/**
 * metav1.GetControllerOf, printed as formatResourceName does: "kind.group/name" in lower case
 * ("statefulset.apps/web"), "<none>" without a controller.
 */
function controllerName(obj: any): string {
  const ref = (obj.metadata?.ownerReferences ?? []).find((r: any) => r?.controller === true);
  if (!ref) return '<none>';
  const apiVersion: string = ref.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind: string = ref.kind ?? '';
  if (!kind && !group) return ref.name ?? '';
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${ref.name ?? ''}`;
}

export const appsPrinters: PrinterEntry[] = [
  {
    group: 'apps',
    kind: 'Deployment',
    printer: printer(
      () => [
        nameColumn(),
        column('Ready', 'string', 'Number of the pod with ready state'),
        column('Up-to-date', 'string', doc('DeploymentStatus', 'updatedReplicas')),
        column('Available', 'string', doc('DeploymentStatus', 'availableReplicas')),
        ageColumn(),
        wide('Containers', 'string', CONTAINERS_DOC),
        wide('Images', 'string', IMAGES_DOC),
        wide('Selector', 'string', doc('DeploymentSpec', 'selector')),
      ],
      (d, now) => [
        d.metadata?.name ?? '',
        `${int(d.status?.readyReplicas)}/${desired(d)}`,
        int(d.status?.updatedReplicas),
        int(d.status?.availableReplicas),
        age(d, now),
        ...containerCells(d.spec?.template?.spec?.containers),
        deploymentSelector(d.spec?.selector),
      ],
    ),
  },
  {
    group: 'apps',
    kind: 'ReplicaSet',
    printer: printer(
      () => [
        nameColumn(),
        column('Desired', 'integer', doc('ReplicaSetSpec', 'replicas')),
        column('Current', 'integer', doc('ReplicaSetStatus', 'replicas')),
        column('Ready', 'integer', doc('ReplicaSetStatus', 'readyReplicas')),
        ageColumn(),
        wide('Containers', 'string', CONTAINERS_DOC),
        wide('Images', 'string', IMAGES_DOC),
        wide('Selector', 'string', doc('ReplicaSetSpec', 'selector')),
      ],
      (rs, now) => [
        rs.metadata?.name ?? '',
        desired(rs),
        int(rs.status?.replicas),
        int(rs.status?.readyReplicas),
        age(rs, now),
        ...containerCells(rs.spec?.template?.spec?.containers),
        formatLabelSelector(rs.spec?.selector),
      ],
    ),
  },
  {
    group: 'apps',
    kind: 'StatefulSet',
    printer: printer(
      () => [
        nameColumn(),
        column('Ready', 'string', 'Number of the pod with ready state'),
        ageColumn(),
        wide('Containers', 'string', CONTAINERS_DOC),
        wide('Images', 'string', IMAGES_DOC),
      ],
      (sts, now) => [
        sts.metadata?.name ?? '',
        `${int(sts.status?.readyReplicas)}/${desired(sts)}`,
        age(sts, now),
        ...containerCells(sts.spec?.template?.spec?.containers),
      ],
    ),
  },
  {
    group: 'apps',
    kind: 'DaemonSet',
    printer: printer(
      () => [
        nameColumn(),
        column('Desired', 'integer', doc('DaemonSetStatus', 'desiredNumberScheduled')),
        column('Current', 'integer', doc('DaemonSetStatus', 'currentNumberScheduled')),
        column('Ready', 'integer', doc('DaemonSetStatus', 'numberReady')),
        column('Up-to-date', 'integer', doc('DaemonSetStatus', 'updatedNumberScheduled')),
        column('Available', 'integer', doc('DaemonSetStatus', 'numberAvailable')),
        column('Node Selector', 'string', doc('PodSpec', 'nodeSelector')),
        ageColumn(),
        wide('Containers', 'string', CONTAINERS_DOC),
        wide('Images', 'string', IMAGES_DOC),
        wide('Selector', 'string', doc('DaemonSetSpec', 'selector')),
      ],
      (ds, now) => {
        const s = ds.status ?? {};
        return [
          ds.metadata?.name ?? '',
          int(s.desiredNumberScheduled),
          int(s.currentNumberScheduled),
          int(s.numberReady),
          int(s.updatedNumberScheduled),
          int(s.numberAvailable),
          formatLabels(ds.spec?.template?.spec?.nodeSelector),
          age(ds, now),
          ...containerCells(ds.spec?.template?.spec?.containers),
          formatLabelSelector(ds.spec?.selector),
        ];
      },
    ),
  },
  {
    group: 'apps',
    kind: 'ControllerRevision',
    printer: printer(
      () => [
        nameColumn(),
        column('Controller', 'string', 'Controller of the object'),
        column('Revision', 'string', doc('ControllerRevision', 'revision')),
        ageColumn(),
      ],
      (cr, now) => [cr.metadata?.name ?? '', controllerName(cr), int(cr.revision), age(cr, now)],
    ),
  },
];
