import { Inject, Injectable } from '@nestjs/common';
import { StatusError } from '@kubelab/apimachinery';
import {
  addNode,
  failNode,
  nodeRuntime,
  recoverNode,
  virtualNow,
  type ApiServerCore,
  type ClusterProfile,
  type ClusterState,
  type Simulation,
} from '@kubelab/cluster-sim';
import { PlatformError, notFound, type Principal } from '@kubelab/platform';
import { ChangeFeed, ClusterStore, ReconcileQueue, type ClusterScope } from '@kubelab/server';
import { SIMULATION } from '../kube-api/kube-tokens';
import { ClustersService } from './clusters.service';
import type { AddNodeDto } from './dto';

/** The node as the operation left it, with what its machine is doing. */
function summary(state: ClusterState, name: string) {
  const kubelet = nodeRuntime(state, name)?.kubelet.state ?? 'Running';
  return { node: state.get('', 'Node', '', name), kubelet };
}

type Operation<T> = (
  core: ApiServerCore,
  state: ClusterState,
  profile: ClusterProfile,
  now: number,
) => T;

/**
 * What happens to a cluster's machines, made to happen by a person (the lab's node buttons, an
 * instructor setting up an exercise, an LMS script): a node joins, its kubelet stops, it comes
 * back. The library does the operation; the controllers (in the worker) do the rest — NotReady
 * after 50 s, evictions after the tolerations, DaemonSets following new nodes.
 */
@Injectable()
export class ClusterNodesService {
  constructor(
    private readonly clusters: ClustersService,
    private readonly store: ClusterStore,
    private readonly queue: ReconcileQueue,
    private readonly feed: ChangeFeed,
    @Inject(SIMULATION) private readonly sim: Simulation,
  ) {}

  async add(p: Principal, id: string, dto: AddNodeDto) {
    const { node } = await this.operate(p, id, (core, state, profile, now) => {
      if (dto.name && state.get('', 'Node', '', dto.name))
        throw new PlatformError('conflict', `node "${dto.name}" already exists`);
      return addNode(core, state, profile, { ...dto }, now);
    });
    return { node };
  }

  fail(p: Principal, id: string, name: string) {
    return this.operate(p, id, (core, state, _profile, now) => {
      failNode(core, state, name, now);
      return summary(state, name);
    });
  }

  recover(p: Principal, id: string, name: string) {
    return this.operate(p, id, (core, state, _profile, now) => {
      recoverNode(core, state, name, now);
      return summary(state, name);
    });
  }

  private async operate<T>(p: Principal, id: string, op: Operation<T>): Promise<T> {
    // Who may follow the cluster live may act on its machines: its owner, or the instructor of
    // the attempt it belongs to. Anyone else sees no such cluster.
    await this.clusters.watchable(p, id);
    const scope: ClusterScope = { orgId: p.orgId, clusterId: id };
    try {
      const { result, changes, cluster } = await this.store.write(scope, (state, c) =>
        op(this.sim.core, state, c.profile, virtualNow(c.clock, Date.now())),
      );
      if (changes.length) {
        await this.feed.publish(id, cluster.resourceVersion);
        await this.queue.poke(scope);
      }
      return result;
    } catch (e) {
      if (e instanceof StatusError && e.code === 404) throw notFound('node');
      throw e;
    }
  }
}
