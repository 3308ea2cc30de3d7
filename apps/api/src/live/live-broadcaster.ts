import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';

// Messages about a cluster that do not come from its change log (its clock, its deletion),
// sent to the cluster's room from whichever API process handled the request: the Redis adapter
// carries them to the sockets of every other process.

export const clusterRoom = (clusterId: string) => `cluster:${clusterId}`;

@Injectable()
export class LiveBroadcaster {
  private ns?: Namespace;

  attach(ns: Namespace): void {
    this.ns = ns;
  }

  clock(clusterId: string, clock: { now: string; speed: number }): void {
    this.ns?.to(clusterRoom(clusterId)).emit('clock', { clusterId, ...clock });
  }

  clusterDeleted(clusterId: string): void {
    this.ns?.to(clusterRoom(clusterId)).emit('cluster-deleted', { clusterId });
  }
}
