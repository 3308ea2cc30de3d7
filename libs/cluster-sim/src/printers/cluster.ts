// printPodDisruptionBudget, printPriorityClass, printLease, printRoleBinding,
// printClusterRoleBinding, printRuntimeClass and printMutating/ValidatingWebhook of
// pkg/printers/internalversion/printers.go.
import {
  ageColumn,
  column,
  doc,
  nameColumn,
  printer,
  wide,
  type KindPrinter,
  type PrinterEntry,
} from './columns';
import { age, int, intOrString } from './format';

/** rbac.SubjectsStrings: users, groups and "namespace/name" service accounts, in subject order. */
export function subjectsStrings(subjects: any[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s?.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name ?? ''}`);
    else if (s?.kind === 'User') users.push(s.name ?? '');
    else if (s?.kind === 'Group') groups.push(s.name ?? '');
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

const bindingPrinter = (typeName: string, what: string): KindPrinter =>
  printer(
    () => [
      nameColumn(),
      column('Role', 'string', doc(typeName, 'roleRef')),
      ageColumn(),
      wide('Users', 'string', `Users in the ${what}`),
      wide('Groups', 'string', `Groups in the ${what}`),
      wide('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`),
    ],
    (b, now) => [
      b.metadata?.name ?? '',
      `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
      age(b, now),
      ...subjectsStrings(b.subjects),
    ],
  );

const webhookPrinter = (): KindPrinter =>
  printer(
    () => [
      nameColumn(),
      column(
        'Webhooks',
        'integer',
        'Webhooks indicates the number of webhooks registered in this configuration',
      ),
      ageColumn(),
    ],
    (w, now) => [w.metadata?.name ?? '', (w.webhooks ?? []).length, age(w, now)],
  );

export const clusterPrinters: PrinterEntry[] = [
  {
    group: 'policy',
    kind: 'PodDisruptionBudget',
    printer: printer(
      () => [
        nameColumn(),
        column('Min Available', 'string', 'The minimum number of pods that must be available.'),
        column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
        column(
          'Allowed Disruptions',
          'integer',
          'Calculated number of pods that may be disrupted at this time.',
        ),
        ageColumn(),
      ],
      (pdb, now) => {
        const spec = pdb.spec ?? {};
        const set = (v: unknown) => v !== undefined && v !== null;
        return [
          pdb.metadata?.name ?? '',
          set(spec.minAvailable) ? intOrString(spec.minAvailable) : 'N/A',
          set(spec.maxUnavailable) ? intOrString(spec.maxUnavailable) : 'N/A',
          int(pdb.status?.disruptionsAllowed),
          age(pdb, now),
        ];
      },
    ),
  },
  {
    group: 'scheduling.k8s.io',
    kind: 'PriorityClass',
    printer: printer(
      () => [
        nameColumn(),
        column('Value', 'integer', doc('PriorityClass', 'value')),
        column('Global-Default', 'boolean', doc('PriorityClass', 'globalDefault')),
        ageColumn(),
        column('PreemptionPolicy', 'string', doc('PriorityClass', 'preemptionPolicy')),
      ],
      (pc, now) => [
        pc.metadata?.name ?? '',
        int(pc.value),
        pc.globalDefault === true,
        age(pc, now),
        pc.preemptionPolicy ?? '',
      ],
    ),
  },
  {
    group: 'coordination.k8s.io',
    kind: 'Lease',
    printer: printer(
      () => [
        nameColumn(),
        column('Holder', 'string', doc('LeaseSpec', 'holderIdentity')),
        ageColumn(),
      ],
      (l, now) => [l.metadata?.name ?? '', l.spec?.holderIdentity ?? '', age(l, now)],
    ),
  },
  {
    group: 'rbac.authorization.k8s.io',
    kind: 'RoleBinding',
    printer: bindingPrinter('RoleBinding', 'roleBinding'),
  },
  {
    group: 'rbac.authorization.k8s.io',
    kind: 'ClusterRoleBinding',
    printer: bindingPrinter('ClusterRoleBinding', 'clusterRoleBinding'),
  },
  {
    group: 'node.k8s.io',
    kind: 'RuntimeClass',
    printer: printer(
      // Upstream documents HANDLER with ObjectMeta's doc for "handler", which does not exist: "".
      () => [nameColumn(), column('Handler', 'string', doc('ObjectMeta', 'handler')), ageColumn()],
      (rc, now) => [rc.metadata?.name ?? '', rc.handler ?? '', age(rc, now)],
    ),
  },
  {
    group: 'admissionregistration.k8s.io',
    kind: 'MutatingWebhookConfiguration',
    printer: webhookPrinter(),
  },
  {
    group: 'admissionregistration.k8s.io',
    kind: 'ValidatingWebhookConfiguration',
    printer: webhookPrinter(),
  },
];
