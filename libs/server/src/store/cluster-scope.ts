/** Which cluster, of which tenant: every query on cluster data carries both. */
export interface ClusterScope {
  orgId: string;
  clusterId: string;
}

export class ClusterNotFoundError extends Error {
  constructor() {
    super('cluster not found');
    this.name = 'ClusterNotFoundError';
  }
}
