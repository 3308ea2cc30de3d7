import type { FileStore } from '../../kubelet/fs/versioned-files';
import type { ResourceType } from '../../registry/resource-type';
import { SIM_GROUP } from './pod-runtime';

// What containers wrote into a node's file system through hostPath volumes: one record per
// node, named after it, keyed by absolute host path, so a pod scheduled there later finds the
// files (and a pod on another node does not). Never served.

export interface HostPathContentsObject {
  apiVersion: 'sim.kubelab.io/v1';
  kind: 'HostPathContents';
  metadata: { name: string; uid?: string; resourceVersion?: string; ownerReferences?: any[] };
  files: FileStore;
}

export const hostPathContentsType: ResourceType = {
  group: SIM_GROUP,
  version: 'v1',
  kind: 'HostPathContents',
  plural: 'hostpathcontents',
  singular: 'hostpathcontents',
  namespaced: false,
  verbs: ['create', 'delete', 'get', 'list', 'update', 'watch'],
  hasStatus: false,
  generation: 'none',
  internal: true,
};
