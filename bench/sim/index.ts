// bench/sim: the simulation's own cost, with no I/O. Prints `name: value unit` lines.
//   - reconcile throughput on a cluster of 100 Deployments × 10 pods (1,000 pods, all Running);
//   - the cost of waking an idle cluster: load its stored objects and run one reconcile;
//   - a day of part-2 workloads (workloads-day.ts): 20 StatefulSets, 5 DaemonSets on 10 nodes,
//     50 CronJobs fast-forwarded 24 hours — wall time and reconciles per simulated hour.
import { ClusterState, SimCluster, reconcileCluster } from '@kubelab/cluster-sim';
import { workloadsDay } from './workloads-day';

const line = (name: string, value: number, unit: string) =>
  console.log(`${name}: ${Number(value.toFixed(2))} ${unit}`);

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}}
spec:
  replicas: 10
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec:
      containers: [{name: c, image: "nginx:1.27", resources: {requests: {cpu: 1m, memory: 4Mi}}}]`;
}

function main() {
  const profile = {
    nodes: Array.from({ length: 12 }, (_, i) => ({
      name: i === 0 ? 'kubelab-control-plane' : `kubelab-worker${i === 1 ? '' : i}`,
      role: (i === 0 ? 'control-plane' : 'worker') as 'control-plane' | 'worker',
      cpu: '32',
      memory: '128Gi',
      pods: 250,
      ephemeralStorage: '500Gi',
      internalIP: `172.18.0.${i + 2}`,
      podCIDR: `10.244.${i}.0/24`,
      ...(i === 0
        ? {
            taints: [
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const },
            ],
          }
        : {}),
    })),
  };
  const c = new SimCluster({ profile });
  let t = performance.now();
  for (let i = 0; i < 100; i++) c.apply(deployment(i));
  c.runUntil(
    () => c.pods().filter((p) => p.status.phase === 'Running').length === 1000,
    30 * 60_000,
  );
  line('sim_converge_100x10_wall', (performance.now() - t) / 1000, 's');
  line('sim_objects', c.state.count(), 'objects');

  // Steady state: nothing to do, every controller still looks at everything.
  const N = 50;
  t = performance.now();
  for (let i = 0; i < N; i++)
    reconcileCluster({
      state: c.state,
      core: c.sim.core,
      profile: c.profile,
      now: c.now,
      seed: 'bench',
    });
  const idleMs = (performance.now() - t) / N;
  line('sim_reconciles_per_second_1000_pods', 1000 / idleMs, 'reconciles/s');
  line('sim_us_per_reconcile_1000_pods', idleMs * 1000, 'us');

  // A reconcile with work: one Deployment's image changes (one rollout step).
  t = performance.now();
  const M = 20;
  for (let i = 0; i < M; i++) {
    c.patch(
      'deployments',
      'default',
      `app-${i}`,
      {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'c',
                  image: 'nginx:1.28',
                  resources: { requests: { cpu: '1m', memory: '4Mi' } },
                },
              ],
            },
          },
        },
      },
      'merge',
    );
    reconcileCluster({
      state: c.state,
      core: c.sim.core,
      profile: c.profile,
      now: c.now,
      seed: 'bench',
    });
  }
  line('sim_us_per_rollout_step_reconcile_1000_pods', ((performance.now() - t) / M) * 1000, 'us');

  // Waking an idle (fresh) cluster, as the worker does: stored rows -> state -> one reconcile.
  const idle = new SimCluster();
  idle.advance(60_000);
  const rows = JSON.stringify([...idle.state.all()]);
  const W = 200;
  t = performance.now();
  for (let i = 0; i < W; i++) {
    const state = new ClusterState(JSON.parse(rows), idle.state.resourceVersion);
    reconcileCluster({
      state,
      core: idle.sim.core,
      profile: idle.profile,
      now: idle.now,
      seed: 'bench',
    });
  }
  line('sim_idle_cluster_wake_us', ((performance.now() - t) / W) * 1000, 'us');
  line('sim_idle_cluster_objects', idle.state.count(), 'objects');

  const day = workloadsDay();
  line('sim_day_setup_wall', day.setupWallS, 's');
  line('sim_day_24h_wall', day.dayWallS, 's');
  line('sim_day_reconciles_per_simulated_hour', day.reconcilesPerHour, 'reconciles/h');
  line('sim_day_controller_passes_per_simulated_hour', day.passesPerHour, 'passes/h');
  line('sim_day_ms_per_reconcile', (day.dayWallS * 1000) / day.reconciles, 'ms');
  line('sim_day_jobs_created', day.jobsCreated, 'jobs');
  line('sim_day_objects_at_end', day.objectsAtEnd, 'objects');
  line('sim_day_pods_running_at_end', day.podsRunningAtEnd, 'pods');
}

main();
