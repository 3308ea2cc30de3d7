import type { Image } from './image';
import { MiB, at, bytes, flag, seconds } from './util';

// The stress images of the resource-management docs:
//   polinux/stress: `stress --vm 1 --vm-bytes 250M --vm-hang 1` holds 250 MiB (OOMKilled under
//     a 100Mi limit), `--cpu N` burns N cores, `--timeout 10s` ends it.
//   vish/stress: `-cpus 2` burns two cores (throttled at the limit), `-mem-total 150Mi
//     -mem-alloc-size 10Mi -mem-alloc-sleep 1s` grows memory step by step.

export const polinuxStress: Image = {
  names: ['stress'],
  repositories: ['polinux/stress', 'docker.io/polinux/stress', 'progrium/stress'],
  sizeBytes: 4_035_784,
  pullMs: 1_800,
  sigtermMs: 10,
  sigtermExitCode: 143,
  run(c) {
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    const vm = Number(flag(argv, 'vm', 'm') ?? 0);
    const vmBytes = bytes(flag(argv, 'vm-bytes')) ?? 256 * MiB;
    const cpu = Number(flag(argv, 'cpu', 'c') ?? 0);
    const io = Number(flag(argv, 'io', 'i') ?? 0);
    const timeout = seconds(flag(argv, 'timeout', 't'));
    const logs = [
      {
        afterMs: 0,
        line: `stress: info: [1] dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, 0 hdd`,
      },
    ];
    const plan = {
      logs,
      memory: {
        baseBytes: Math.round(0.8 * MiB),
        ...(vm ? { targetBytes: Math.round(0.8 * MiB) + vm * vmBytes, rampMs: 150 } : {}),
      },
      cpuMilli: cpu * 1000 + (vm ? 1000 * vm : 0),
    };
    if (timeout !== undefined) {
      logs.push({
        afterMs: timeout * 1000,
        line: `stress: info: [1] successful run completed in ${timeout}s`,
      });
      return { ...plan, exit: { afterMs: timeout * 1000 + 2, code: 0 } };
    }
    return plan;
  },
};

export const vishStress: Image = {
  names: [],
  repositories: ['vish/stress', 'docker.io/vish/stress'],
  sizeBytes: 1_554_466,
  pullMs: 1_500,
  sigtermMs: 10,
  sigtermExitCode: 2,
  run(c) {
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    const cpus = Number(flag(argv, 'cpus') ?? 0);
    const total = bytes(flag(argv, 'mem-total')) ?? 0;
    const size = bytes(flag(argv, 'mem-alloc-size')) ?? 4096;
    const sleep = seconds(flag(argv, 'mem-alloc-sleep')) ?? 0.001;
    const k = at('klog');
    const logs = [
      {
        afterMs: 0,
        line: `${k}       1 main.go:26] Allocating "${flag(argv, 'mem-total') ?? '0'}" memory, in "${flag(argv, 'mem-alloc-size') ?? '4Ki'}" chunks, with a ${flag(argv, 'mem-alloc-sleep') ?? '1ms'} sleep between allocations`,
      },
      ...Array.from({ length: cpus }, () => ({
        afterMs: 0,
        line: `${k}       1 main.go:39] Spawning a thread to consume CPU`,
      })),
    ];
    return {
      logs,
      memory: {
        baseBytes: Math.round(1.2 * MiB),
        ...(total
          ? {
              targetBytes: Math.round(1.2 * MiB) + total,
              rampMs: Math.ceil(total / size) * sleep * 1000,
            }
          : {}),
      },
      cpuMilli: cpus * 1000,
    };
  },
};
