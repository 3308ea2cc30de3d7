import { ApiServerCore } from '../apiserver/api-server';
import { DEFAULT_ADMISSION } from '../apiserver/admission';
import { kubeMachinery } from '../apiserver/kube-machinery';
import type { Machinery } from '../apiserver/machinery';
import { createRegistry } from '../apis';
import type { Registry } from '../registry/registry';

/** The registry and the API server core over it: what every process of the platform builds once. */
export interface Simulation {
  registry: Registry;
  core: ApiServerCore;
}

export function createSimulation(machinery: Machinery = kubeMachinery): Simulation {
  const registry = createRegistry();
  return { registry, core: new ApiServerCore(registry, machinery, DEFAULT_ADMISSION) };
}
