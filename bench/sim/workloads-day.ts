// A day in a busy cluster of part-2 workloads: 20 StatefulSets (3 replicas, a claim each),
// 5 DaemonSets on 10 nodes, 50 CronJobs (every 1 to 30 minutes), fast-forwarded 24 hours the
// way the worker's timers do it — one reconcile per wake-up the controllers ask for.
import { SimCluster, parseManifests, type NodeProfile } from '@kubelab/cluster-sim';

const statefulSet = (i: number) => `apiVersion: v1
kind: Service
metadata: {name: db-${i}}
spec:
  clusterIP: None
  selector: {app: db-${i}}
  ports: [{port: 6379}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db-${i}}
spec:
  serviceName: db-${i}
  replicas: 3
  selector: {matchLabels: {app: db-${i}}}
  template:
    metadata: {labels: {app: db-${i}}}
    spec:
      containers:
      - name: redis
        image: redis:7
        resources: {requests: {cpu: 10m, memory: 16Mi}}
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}`;

const daemonSet = (i: number) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent-${i}, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent-${i}}}
  template:
    metadata: {labels: {app: agent-${i}}}
    spec:
      tolerations: [{operator: Exists}]
      containers:
      - name: agent
        image: busybox
        command: [sh, -c, "while true; do echo tick; sleep 60; done"]
        resources: {requests: {cpu: 5m, memory: 8Mi}}`;

// Schedules from every minute to every 30 minutes; each run prints a line and completes.
const cronJob = (i: number) => `apiVersion: batch/v1
kind: CronJob
metadata: {name: report-${i}}
spec:
  schedule: "*/${[1, 2, 5, 10, 15, 30][i % 6]} * * * *"
  successfulJobsHistoryLimit: 3
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: task
            image: busybox
            command: [sh, -c, "date; echo report ${i} done"]`;

function nodes(n: number): Partial<NodeProfile>[] {
  return Array.from({ length: n }, (_, i) => ({
    name: i === 0 ? 'kubelab-control-plane' : `kubelab-worker${i === 1 ? '' : i}`,
    role: i === 0 ? 'control-plane' : 'worker',
    cpu: '16',
    memory: '64Gi',
    pods: 250,
    ephemeralStorage: '500Gi',
    internalIP: `172.18.0.${i + 2}`,
    podCIDR: `10.244.${i}.0/24`,
    ...(i === 0
      ? {
          taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }],
        }
      : {}),
  }));
}

export interface DayFigures {
  setupWallS: number;
  dayWallS: number;
  reconciles: number;
  reconcilesPerHour: number;
  passesPerHour: number;
  jobsCreated: number;
  objectsAtEnd: number;
  podsRunningAtEnd: number;
}

export function workloadsDay(progress: (m: string) => void = () => {}, hours = 24): DayFigures {
  const c = new SimCluster({ profile: { nodes: nodes(10) as NodeProfile[] } });
  let t = performance.now();
  const apply = (yaml: string) => parseManifests(yaml).forEach((o) => c.apply(o));
  for (let i = 0; i < 20; i++) apply(statefulSet(i));
  for (let i = 0; i < 5; i++) apply(daemonSet(i));
  for (let i = 0; i < 50; i++) apply(cronJob(i));
  const want = 20 * 3 + 5 * 10;
  c.runUntil(
    () => c.list('pods').filter((p: any) => p.status.phase === 'Running').length >= want,
    30 * 60_000,
  );
  const setupWallS = (performance.now() - t) / 1000;
  progress(`set up in ${setupWallS.toFixed(1)} s: ${c.state.count()} objects`);

  // 24 hours, one reconcile per wake-up, counting them as the worker's jobs would be counted.
  const DAY = hours * 3600_000;
  const end = c.now + DAY;
  let reconciles = 0;
  let passes = 0;
  const seen = new Set<string>();
  t = performance.now();
  for (;;) {
    const r = c.reconcile();
    // The worker persists and drops each reconcile's changes; keeping them would grow memory.
    c.state.takeChanges();
    reconciles++;
    passes += r.passes;
    for (const j of c.list('jobs', 'default')) seen.add(j.metadata.name);
    if (r.wakeAt === undefined || r.wakeAt > end) break;
    const hour = Math.floor((r.wakeAt - (end - DAY)) / 3600_000);
    if (hour > Math.floor((c.now - (end - DAY)) / 3600_000))
      progress(
        `hour ${hour}: ${reconciles} reconciles, ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
    c.now = Math.max(c.now + 1, r.wakeAt);
  }
  const dayWallS = (performance.now() - t) / 1000;
  return {
    setupWallS,
    dayWallS,
    reconciles,
    reconcilesPerHour: reconciles / hours,
    passesPerHour: passes / hours,
    jobsCreated: seen.size,
    objectsAtEnd: c.state.count(),
    podsRunningAtEnd: c.list('pods').filter((p: any) => p.status.phase === 'Running').length,
  };
}
