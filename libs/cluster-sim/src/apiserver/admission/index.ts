import type { AdmissionPlugin } from '../api-server';
import { defaultTolerationSeconds } from './default-tolerations';
import { namespaceLifecycle } from './namespace-lifecycle';
import { priorityAdmission } from './priority';
import { serviceAccountAdmission } from './service-account';

/** The default admission chain, in kube-apiserver's order. */
export const DEFAULT_ADMISSION: AdmissionPlugin[] = [
  namespaceLifecycle,
  serviceAccountAdmission,
  defaultTolerationSeconds,
  priorityAdmission,
];
