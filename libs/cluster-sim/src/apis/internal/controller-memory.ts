import type { ResourceType } from '../../registry/resource-type';
import { SIM_GROUP } from './pod-runtime';

// What a controller keeps in memory between syncs in a real cluster — the HPA controller's recent
// recommendations and scale events, which Ingresses an ingress controller has synced — stored
// like an object so it survives any process. One per (controller, object), owned by that object
// so it goes with it; never served.

export interface ControllerMemoryObject {
  apiVersion: string;
  kind: 'ControllerMemory';
  metadata: { name: string; namespace: string; [k: string]: unknown };
  data: Record<string, unknown>;
}

export const controllerMemoryType: ResourceType = {
  group: SIM_GROUP,
  version: 'v1',
  kind: 'ControllerMemory',
  plural: 'controllermemories',
  singular: 'controllermemory',
  namespaced: true,
  verbs: ['create', 'delete', 'get', 'list', 'update'],
  hasStatus: false,
  generation: 'none',
  internal: true,
};

/** The memory object's name: one namespace of names per controller. */
export const memoryName = (controller: string, objectName: string) => `${controller}.${objectName}`;
