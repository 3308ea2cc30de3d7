import type { ResourceType } from '../../registry/resource-type';
import { SIM_GROUP } from './pod-runtime';

// The files stored on a PersistentVolume (see src/storage/volume-data.ts): one record per
// volume, named after it and owned by it, never served.

export const volumeContentsType: ResourceType = {
  group: SIM_GROUP,
  version: 'v1',
  kind: 'VolumeContents',
  plural: 'volumecontents',
  singular: 'volumecontents',
  namespaced: false,
  verbs: ['create', 'delete', 'get', 'list', 'update', 'watch'],
  hasStatus: false,
  generation: 'none',
  internal: true,
};
