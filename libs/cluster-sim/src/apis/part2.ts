import type { ResourceType } from '../registry/resource-type';

// The kinds of the simulation's second part (workloads, batch, storage, policy, networking,
// autoscaling, RBAC, ...). Each area adds its kinds here, in the order kubectl should prefer
// them when a short name is ambiguous (core group first, then apps, batch, ...).
export const PART2_KINDS: ResourceType[] = [];
