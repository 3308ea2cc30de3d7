// The kubelet's node status manager and node lease controller (pkg/kubelet/kubelet_node_status.go,
// pkg/kubelet/nodelease): a running kubelet keeps its node Ready and its Lease in kube-node-lease
// renewed; a stopped one (the node was failed) does neither.
//
// Renewals are lazy, so that an idle cluster is never woken up for them: a lease is renewed, and
// the node's heartbeat refreshed, when a reconcile happens anyway and the last renewal is older
// than the kubelet's period (10 s for the lease, 5 min for the status). A lease's renewTime is
// thus the time of the last reconcile that found it due.
import { formatMicroTime, formatTime, type KubeObject } from '@kubelab/apimachinery';
import {
  NODE_LEASE_DURATION_SECONDS,
  NODE_LEASE_NAMESPACE,
  NODE_LEASE_RENEW_INTERVAL_MS,
} from '../apis/coordination/lease';
import { nodeRuntime } from '../apis/internal/node-runtime';
import { earliest, type Controller, type ControllerContext } from '../controllers/controller';

/** nodeStatusReportFrequency: an unchanged status is posted again after 5 minutes. */
const NODE_STATUS_REPORT_MS = 5 * 60_000;

/** The conditions a healthy kubelet reports, with their reasons and messages. */
const HEALTHY: [string, string, string, string][] = [
  [
    'MemoryPressure',
    'False',
    'KubeletHasSufficientMemory',
    'kubelet has sufficient memory available',
  ],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
];

/** The Lease a node's kubelet holds (owned by its Node, so it goes with it). */
export function nodeLease(node: KubeObject, now: number): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: node.metadata.name,
      namespace: NODE_LEASE_NAMESPACE,
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid! },
      ],
    },
    spec: {
      holderIdentity: node.metadata.name,
      leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
      renewTime: formatMicroTime(now),
    },
  } as unknown as KubeObject;
}

function postReady(ctx: ControllerContext, node: any): void {
  const now = formatTime(ctx.now);
  const updated = ctx.api.mutate(
    node,
    (c: any) => {
      const old: any[] = c.status.conditions ?? [];
      c.status.conditions = HEALTHY.map(([type, status, reason, message]) => {
        const prev = old.find((x) => x.type === type);
        return {
          type,
          status,
          lastHeartbeatTime: now,
          lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now,
          reason,
          message,
        };
      });
    },
    true,
  );
  if (updated instanceof Error) return;
  ctx.api.event(updated, {
    type: 'Normal',
    reason: 'NodeReady',
    message: `Node ${node.metadata.name} status is now: NodeReady`,
    source: { component: 'kubelet', host: node.metadata.name },
  });
}

function syncNode(ctx: ControllerContext, node: any): number | undefined {
  const { api, now } = ctx;
  const rt = nodeRuntime(ctx.state, node.metadata.name);
  if (rt?.kubelet.state === 'Stopped') return undefined;
  let wake: number | undefined;
  const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  if (rt?.kubelet.readyAt !== undefined && now < rt.kubelet.readyAt) wake = rt.kubelet.readyAt;
  else if (ready?.status !== 'True') postReady(ctx, node);
  else if (
    ctx.pass === 1 &&
    now - (Date.parse(ready.lastHeartbeatTime ?? '') || 0) >= NODE_STATUS_REPORT_MS
  )
    api.mutate(
      node,
      (c: any) => {
        for (const x of c.status.conditions ?? []) x.lastHeartbeatTime = formatTime(now);
      },
      true,
    );
  const lease: any = ctx.state.get(
    'coordination.k8s.io',
    'Lease',
    NODE_LEASE_NAMESPACE,
    node.metadata.name,
  );
  if (!lease) api.create(nodeLease(node, now));
  else if (
    ctx.pass === 1 &&
    now - (Date.parse(lease.spec?.renewTime ?? '') || 0) >= NODE_LEASE_RENEW_INTERVAL_MS
  )
    api.mutate(lease, (c: any) => {
      c.spec.renewTime = formatMicroTime(now);
      c.spec.holderIdentity ??= node.metadata.name;
      c.spec.leaseDurationSeconds ??= NODE_LEASE_DURATION_SECONDS;
    });
  return wake;
}

export const kubeletNodeStatus: Controller = {
  name: 'kubelet-node-status',
  reconcile(ctx: ControllerContext) {
    let wake: number | undefined;
    for (const node of ctx.state.list('', 'Node'))
      if (!node.metadata.deletionTimestamp) wake = earliest(wake, syncNode(ctx, node));
    return wake;
  },
};
