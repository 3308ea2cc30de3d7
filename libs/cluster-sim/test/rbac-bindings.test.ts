import fs from 'node:fs';
import path from 'node:path';
import { StatusError } from '@kubelab/apimachinery';
import { SimCluster, printTable, rbacAuthorize } from '../src';

// RBAC: the default roles, Roles and bindings with their validation, and what they allow.

const corpus = (f: string) =>
  fs.readFileSync(path.join(__dirname, 'fixtures/corpus/website', f), 'utf8');

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected the API to refuse');
}

const canI = (c: SimCluster, user: string, verb: string, resource: string, namespace: string) =>
  rbacAuthorize(c.state, { user, verb, apiGroup: '', resource, namespace }).allowed ? 'yes' : 'no';

describe('RBAC', () => {
  it('aggregates a ClusterRole labelled aggregate-to-view that comes later, and drops it when it goes', () => {
    const c = new SimCluster();
    c.reconcile();
    c.reconcile(); // nothing changed: the aggregation has nothing to do
    const rule = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] };
    c.apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        name: 'widget-viewer',
        labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
      },
      rules: [rule],
    } as any);
    c.reconcile();
    expect(c.get('clusterroles', '', 'view').rules).toContainEqual(rule);
    expect(c.get('clusterroles', '', 'admin').rules).toContainEqual(rule);
    c.delete('clusterroles', '', 'widget-viewer');
    c.reconcile();
    expect(c.get('clusterroles', '', 'view').rules).not.toContainEqual(rule);
  });

  it('a new cluster has cluster-admin, admin, edit and view, the last three aggregated', () => {
    const c = new SimCluster();
    const names = c.list('clusterroles').map((r) => r.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['admin', 'cluster-admin', 'edit', 'view']));
    const view = c.get('clusterroles', '', 'view');
    expect(view.aggregationRule).toEqual({
      clusterRoleSelectors: [
        { matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      ],
    });
    expect(view.rules).toContainEqual({
      apiGroups: ['policy'],
      resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'],
      verbs: ['get', 'list', 'watch'],
    });
    // edit has view's rules and its own; admin has edit's and its own.
    const edit = c.get('clusterroles', '', 'edit');
    const admin = c.get('clusterroles', '', 'admin');
    for (const r of view.rules) expect(edit.rules).toContainEqual(r);
    for (const r of edit.rules) expect(admin.rules).toContainEqual(r);
    expect(c.get('clusterrolebindings', '', 'cluster-admin').subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' },
    ]);
  });

  it('simple-rolebinding-with-role: jane may read pods in default, nowhere else, and not delete', () => {
    const c = new SimCluster();
    c.apply(corpus('access/simple-role.yaml'));
    const [rb] = c.apply(corpus('access/simple-rolebinding-with-role.yaml')) as any[];
    expect(rb.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'pod-reader',
    });
    expect(rb.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'jane' },
    ]);
    const t = printTable([rb], {
      group: 'rbac.authorization.k8s.io',
      kind: 'RoleBinding',
      now: c.now,
    });
    expect(t.rows[0]!.cells.slice(0, 2)).toEqual(['read-pods', 'Role/pod-reader']);
    expect(canI(c, 'jane', 'list', 'pods', 'default')).toBe('yes');
    expect(canI(c, 'jane', 'list', 'pods', 'kube-system')).toBe('no');
    expect(canI(c, 'jane', 'delete', 'pods', 'default')).toBe('no');
    expect(
      rbacAuthorize(c.state, {
        user: 'jane',
        verb: 'get',
        apiGroup: '',
        resource: 'pods',
        namespace: 'default',
      }).reason,
    ).toBe('RBAC: allowed by RoleBinding "read-pods/default" of Role "pod-reader" to User "jane"');
    // Members of system:masters may do anything, anywhere.
    expect(
      rbacAuthorize(c.state, {
        user: 'kubernetes-admin',
        groups: ['system:masters'],
        verb: 'delete',
        apiGroup: 'apps',
        resource: 'deployments',
        namespace: 'kube-system',
      }).allowed,
    ).toBe(true);
  });

  it("refuses to change a binding's roleRef, with the API server's words", () => {
    const c = new SimCluster();
    c.apply(corpus('access/simple-role.yaml'));
    c.apply(corpus('access/simple-rolebinding-with-role.yaml'));
    const changed = corpus('access/simple-rolebinding-with-role.yaml').replace(
      'name: "pod-reader"',
      'name: "secret-reader"',
    );
    const err = refusal(() => c.apply(changed));
    expect(err.code).toBe(422);
    expect(err.message).toBe(
      'RoleBinding.rbac.authorization.k8s.io "read-pods" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"secret-reader"}: cannot change roleRef',
    );
  });

  it('validates rules and subjects', () => {
    const c = new SimCluster();
    const err = refusal(() =>
      c.apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: broken}
rules:
- resources: [pods]
- nonResourceURLs: [/healthz]
  verbs: [get]`),
    );
    expect(err.message).toBe(
      'Role.rbac.authorization.k8s.io "broken" is invalid: [rules[0].verbs: Required value: verbs must contain at least one value, rules[0].apiGroups: Required value: resource rules must supply at least one api group, rules[1].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs]',
    );
    const crb = refusal(() =>
      c.apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: broken}
roleRef: {kind: Role, name: x}
subjects: [{kind: ServiceAccount, name: default}, {kind: Robot, name: r2}]`),
    );
    expect(crb.message).toBe(
      'ClusterRoleBinding.rbac.authorization.k8s.io "broken" is invalid: [roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole", subjects[0].namespace: Required value, subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"]',
    );
  });
});
