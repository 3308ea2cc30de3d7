// The RBAC objects a new cluster has (plugin/pkg/auth/authorizer/rbac/bootstrappolicy, with
// what kubeadm adds): the user-facing ClusterRoles cluster-admin, admin, edit and view (the last
// three aggregated from system:aggregate-to-*), the discovery roles every user is bound to, and
// their ClusterRoleBindings. The system:controller:* roles are left out.
import type { KubeObject } from '@kubelab/apimachinery';

const RBAC = 'rbac.authorization.k8s.io';
const ALL_MUTATE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ = ['get', 'list', 'watch'];
const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const rule = (apiGroups: string[], resources: string[], verbs: string[]) => ({
  apiGroups,
  resources,
  verbs,
});
const urls = (nonResourceURLs: string[], verbs: string[]) => ({ nonResourceURLs, verbs });

function clusterRole(
  name: string,
  rules: any[] | undefined,
  extra: { labels?: Record<string, string>; aggregateFrom?: string } = {},
): KubeObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: {
      name,
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...(extra.labels ?? {}) },
    },
    ...(extra.aggregateFrom
      ? {
          aggregationRule: {
            clusterRoleSelectors: [
              { matchLabels: { [`${RBAC}/aggregate-to-${extra.aggregateFrom}`]: 'true' } },
            ],
          },
        }
      : {}),
    ...(rules ? { rules } : {}),
  } as unknown as KubeObject;
}

function clusterRoleBinding(
  name: string,
  role: string,
  subjects: any[],
  bootstrapping = true,
): KubeObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: {
      name,
      ...(bootstrapping
        ? {
            annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
            labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
          }
        : {}),
    },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
    subjects,
  } as unknown as KubeObject;
}

const group = (name: string) => ({ apiGroup: RBAC, kind: 'Group', name });
const sa = (namespace: string, name: string) => ({ kind: 'ServiceAccount', name, namespace });

const AGGREGATE_TO_VIEW = [
  rule(
    [''],
    [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'pods',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/status',
    ],
    READ,
  ),
  rule(
    [''],
    [
      'bindings',
      'events',
      'limitranges',
      'namespaces/status',
      'pods/log',
      'pods/status',
      'replicationcontrollers/status',
      'resourcequotas',
      'resourcequotas/status',
    ],
    READ,
  ),
  rule([''], ['namespaces'], READ),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(
    ['apps'],
    [
      'controllerrevisions',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
    ],
    READ,
  ),
  rule(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
  rule(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
  rule(
    ['extensions'],
    [
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'ingresses',
      'ingresses/status',
      'networkpolicies',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'replicationcontrollers/scale',
    ],
    READ,
  ),
  rule(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
  rule(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
];

const AGGREGATE_TO_EDIT = [
  rule(
    [''],
    ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'],
    READ,
  ),
  rule([''], ['serviceaccounts'], ['impersonate']),
  rule([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], ALL_MUTATE),
  rule([''], ['pods/eviction'], ['create']),
  rule(
    [''],
    [
      'configmaps',
      'events',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'secrets',
      'serviceaccounts',
      'services',
      'services/proxy',
    ],
    ALL_MUTATE,
  ),
  rule([''], ['serviceaccounts/token'], ['create']),
  rule(
    ['apps'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
    ALL_MUTATE,
  ),
  rule(['autoscaling'], ['horizontalpodautoscalers'], ALL_MUTATE),
  rule(['batch'], ['cronjobs', 'jobs'], ALL_MUTATE),
  rule(
    ['extensions'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'ingresses',
      'networkpolicies',
      'replicasets',
      'replicasets/scale',
      'replicationcontrollers/scale',
    ],
    ALL_MUTATE,
  ),
  rule(['policy'], ['poddisruptionbudgets'], ALL_MUTATE),
  rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], ALL_MUTATE),
  rule(['coordination.k8s.io'], ['leases'], ALL),
];

const AGGREGATE_TO_ADMIN = [
  rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
  rule([RBAC], ['rolebindings', 'roles'], ALL),
];

/** The default ClusterRoles and ClusterRoleBindings, in the order they are created. */
export function defaultRbacObjects(): KubeObject[] {
  const aggregateLabel = (to: string) => ({ [`${RBAC}/aggregate-to-${to}`]: 'true' });
  return [
    clusterRole('admin', undefined, { aggregateFrom: 'admin' }),
    clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
    clusterRole('edit', undefined, { aggregateFrom: 'edit', labels: aggregateLabel('admin') }),
    clusterRole('system:aggregate-to-admin', AGGREGATE_TO_ADMIN, {
      labels: aggregateLabel('admin'),
    }),
    clusterRole('system:aggregate-to-edit', AGGREGATE_TO_EDIT, { labels: aggregateLabel('edit') }),
    clusterRole('system:aggregate-to-view', AGGREGATE_TO_VIEW, { labels: aggregateLabel('view') }),
    clusterRole('system:basic-user', [
      rule(
        ['authorization.k8s.io'],
        ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        ['create'],
      ),
      rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create']),
    ]),
    clusterRole('system:discovery', [
      urls(
        [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/openapi',
          '/openapi/*',
          '/readyz',
          '/version',
          '/version/',
        ],
        ['get'],
      ),
    ]),
    clusterRole('system:public-info-viewer', [
      urls(['/healthz', '/livez', '/readyz', '/version', '/version/'], ['get']),
    ]),
    clusterRole('system:node-proxier', [
      rule([''], ['endpoints', 'services'], ['list', 'watch']),
      rule([''], ['nodes'], READ),
      rule(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
      rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch']),
    ]),
    clusterRole('view', undefined, { aggregateFrom: 'view', labels: aggregateLabel('edit') }),
    // kubeadm's CoreDNS role.
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'system:coredns' },
      rules: [
        rule([''], ['endpoints', 'services', 'pods', 'namespaces'], ['list', 'watch']),
        rule(['discovery.k8s.io'], ['endpointslices'], ['list', 'watch']),
      ],
    } as unknown as KubeObject,
    clusterRoleBinding('cluster-admin', 'cluster-admin', [group('system:masters')]),
    clusterRoleBinding(
      'kubeadm:cluster-admins',
      'cluster-admin',
      [group('kubeadm:cluster-admins')],
      false,
    ),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [group('system:authenticated')]),
    clusterRoleBinding('system:coredns', 'system:coredns', [sa('kube-system', 'coredns')], false),
    clusterRoleBinding('system:discovery', 'system:discovery', [group('system:authenticated')]),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [
      group('system:authenticated'),
      group('system:unauthenticated'),
    ]),
    clusterRoleBinding(
      'kubeadm:node-proxier',
      'system:node-proxier',
      [sa('kube-system', 'kube-proxy')],
      false,
    ),
  ];
}
