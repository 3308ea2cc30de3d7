import { milli } from '../util/quantity';
import { imageFor } from './images/catalog';
import {
  parseImage,
  type ContainerInput,
  type MemoryProfile,
  type ProcessPlan,
} from './images/image';

// What a container uses, from its image's behaviour (cAdvisor's numbers, simulated): memory
// follows the image's memory profile from the container's start, CPU is what the process would
// burn, throttled at its limit (CFS quota). The kubelet kills a container whose memory passes
// its limit (OOMKilled); the metrics pipeline (`kubectl top`, the HPA) reads `containerUsage`.

/** Resident memory `elapsedMs` after the start. */
export function memoryAt(m: MemoryProfile | undefined, elapsedMs: number): number {
  if (!m) return 0;
  const t = Math.max(0, elapsedMs);
  let v = m.baseBytes;
  if (m.targetBytes !== undefined) {
    const ramp = m.rampMs ?? 0;
    v =
      ramp <= 0 || t >= ramp
        ? m.targetBytes
        : m.baseBytes + ((m.targetBytes - m.baseBytes) * t) / ramp;
  }
  if (m.growthBytesPerSec) v += (m.growthBytesPerSec * t) / 1000;
  return Math.round(v);
}

/** When (ms after start) memory first exceeds `limit` bytes; undefined: never. */
export function oomAfterMs(m: MemoryProfile | undefined, limit: number): number | undefined {
  if (!m || limit <= 0) return undefined;
  if (m.baseBytes > limit) return 0;
  // Piecewise linear: search the ramp, then the growth.
  const ramp = m.targetBytes !== undefined ? (m.rampMs ?? 0) : 0;
  const atRampEnd = memoryAt(m, ramp);
  if (atRampEnd > limit) {
    let lo = 0;
    let hi = ramp;
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (memoryAt(m, mid) > limit) hi = mid;
      else lo = mid;
    }
    return Math.ceil(hi);
  }
  if (!m.growthBytesPerSec || m.growthBytesPerSec <= 0) return undefined;
  return Math.ceil(ramp + ((limit - atRampEnd) * 1000) / m.growthBytesPerSec) + 1;
}

export function memoryLimitBytes(spec: any): number | undefined {
  const l = spec?.resources?.limits?.memory;
  if (l === undefined) return undefined;
  const b = Math.ceil(milli(l) / 1000);
  return b > 0 ? b : undefined;
}

export function cpuLimitMilli(spec: any): number | undefined {
  const l = spec?.resources?.limits?.cpu;
  if (l === undefined) return undefined;
  const m = milli(l);
  return m > 0 ? m : undefined;
}

/** CPU the process gets: what it wants, throttled at its limit. */
export function cpuUse(plan: ProcessPlan, spec: any): number {
  const want = plan.cpuMilli ?? 1;
  const limit = cpuLimitMilli(spec);
  return limit !== undefined ? Math.min(want, limit) : want;
}

/** The plan a container's image gives for its spec (env as written; enough for usage). */
function planFor(pod: any, spec: any): ProcessPlan {
  const ref = parseImage(spec.image ?? '');
  const env: Record<string, string> = {};
  for (const e of spec.env ?? []) if (e.value !== undefined) env[e.name] = String(e.value);
  const input: ContainerInput = {
    name: spec.name,
    command: spec.command,
    args: spec.args,
    env,
    files: {},
    podName: pod.metadata?.name ?? '',
    restartCount: 0,
    ref,
    memoryLimitBytes: memoryLimitBytes(spec),
    ports: (spec.ports ?? []).map((p: any) => p.containerPort),
  };
  return imageFor(ref).run(input);
}

/**
 * A running container's usage at `now` (millicores, bytes), from the pod object alone: its image,
 * its start time in status, its limits. Zero when it is not running.
 */
export function containerUsage(
  pod: any,
  container: string,
  now: number,
): { cpuMilli: number; memoryBytes: number } {
  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find(
    (c: any) => c.name === container,
  );
  const status = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ].find((s: any) => s.name === container);
  const started = status?.state?.running?.startedAt;
  if (!spec || !started) return { cpuMilli: 0, memoryBytes: 0 };
  const plan = planFor(pod, spec);
  const elapsed = now - Date.parse(started);
  let memory = memoryAt(plan.memory, elapsed);
  const limit = memoryLimitBytes(spec);
  if (limit !== undefined) memory = Math.min(memory, limit);
  return { cpuMilli: cpuUse(plan, spec), memoryBytes: memory };
}
