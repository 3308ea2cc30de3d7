import type { KubeObject } from '@kubelab/apimachinery';
import { SIM_GROUP } from '../apis/internal/pod-runtime';
import type { FileStore } from './fs/versioned-files';
import type { PodVolumeData } from './fs/mounts';
import type { ProcessPlan } from './images/image';

// What the simulated node remembers about a pod: the times of each step, container instances,
// restarts and their logs. Kept in a PodRuntime object owned by the pod.

export interface LogLine {
  t: number;
  line: string;
  stream?: 'stdout' | 'stderr';
}

export interface ContainerRecord {
  name: string;
  init: boolean;
  restartCount: number;
  /** Step times (virtual ms) of the current instance. */
  pullStartAt?: number;
  pulledAt?: number;
  createdAt?: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  message?: string;
  containerID?: string;
  /** CreateContainerConfigError and its retry. */
  configError?: string;
  configRetryAt?: number;
  configRetries?: number;
  /** CrashLoopBackOff: no restart before this time. */
  backoffUntil?: number;
  backoffSeconds?: number;
  /** The previous instance's end, as lastState.terminated shows it. */
  last?: {
    exitCode: number;
    reason: string;
    startedAt: number;
    finishedAt: number;
    containerID: string;
    message?: string;
  };
  plan?: ProcessPlan;
  emitted: number;
  logs: LogLine[];
  previousLogs: LogLine[];
  /** SIGTERM sent at (graceful termination). */
  killedAt?: number;
  /** Why this instance was stopped by the kubelet, and when (liveness/startup probe, OOM). */
  killed?: { at: number; reason: 'liveness' | 'startup' | 'stop' | 'hook' };
  /** The image this instance was started from (a changed pod image restarts it). */
  image?: string;
  /** Between a crash and the new instance's creation (restartCount moves at creation). */
  restarting?: boolean;
  /** Files written in this instance's writable layer by `kubectl exec` and lifecycle hooks. */
  layer?: FileStore;
  /** An image that cannot be pulled: the error, and when the kubelet tries again. */
  pull?: {
    reason: 'ErrImagePull' | 'InvalidImageName' | 'ErrImageNeverPull';
    message: string;
    failedAt: number;
    /** ImagePullBackOff from this time (the next sync after the failure). */
    backOffAt?: number;
    retryAt?: number;
    backoffSeconds: number;
  };
  /** Probe failures reported as Unhealthy events up to this time. */
  probeEventsUntil?: number;
  /** This instance's writes to shared volumes are flushed up to this time. */
  flushedUntil?: number;
  /** The postStart hook failed with this message (FailedPostStartHook). */
  hookError?: string;
  /** subPath mounts of ConfigMap/Secret files, as copied at start (mount path -> content). */
  subPaths?: Record<string, string>;
}

export interface PodRecord {
  podUid: string;
  nodeName: string;
  seenAt: number;
  sandboxAt: number;
  mountError?: string;
  mountRetryAt?: number;
  podIP?: string;
  containers: ContainerRecord[];
  /** Projected ConfigMap/Secret files as the kubelet last wrote them, and emptyDir contents. */
  volumes?: PodVolumeData;
  /** A changed ConfigMap/Secret reaches the volume's files at this time (the sync delay). */
  volumeRefreshAt?: number;
  terminatingSince?: number;
  /** The pod's resourceVersion after the last sync, and when the next step is due: with both
   * unchanged there is nothing to do (the kubelet's pod workers only wake on changes or timers). */
  syncedPodRv?: string;
  dueAt?: number;
}

export interface PodRuntimeObject extends KubeObject {
  record: PodRecord;
}

export function runtimeObject(pod: any, record: PodRecord): PodRuntimeObject {
  return {
    apiVersion: `${SIM_GROUP}/v1`,
    kind: 'PodRuntime',
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          name: pod.metadata.name,
          uid: pod.metadata.uid,
          controller: true,
          blockOwnerDeletion: false,
        },
      ],
    },
    record,
  };
}

const MAX_LOG_LINES = 2000;

export function appendLogs(c: ContainerRecord, lines: LogLine[]): void {
  if (!lines.length) return;
  c.logs.push(...lines);
  if (c.logs.length > MAX_LOG_LINES) c.logs.splice(0, c.logs.length - MAX_LOG_LINES);
}
