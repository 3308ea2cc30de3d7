// pkg/registry/coordination/lease/strategy.go with pkg/apis/coordination/validation.
import { invalid, type FieldError } from '@kubelab/apimachinery';
import { ALL_VERBS, type ResourceType } from '../../registry/resource-type';

/** The namespace of the kubelets' heartbeat leases, one per node, named after it. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** The kubelet's lease duration (--node-lease-duration-seconds) and renewal period (a quarter). */
export const NODE_LEASE_DURATION_SECONDS = 40;
export const NODE_LEASE_RENEW_INTERVAL_MS = 10_000;

function validateLeaseSpec(lease: any): FieldError[] {
  const spec = lease.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0)
    errs.push(
      invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'),
    );
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0)
    errs.push(
      invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'),
    );
  return errs;
}

export const leaseType: ResourceType = {
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  singular: 'lease',
  namespaced: true,
  verbs: ALL_VERBS,
  hasStatus: false,
  generation: 'none',
  strategy: {
    defaults(lease) {
      lease.spec ??= {};
    },
    validate: validateLeaseSpec,
    validateUpdate: validateLeaseSpec,
  },
};
