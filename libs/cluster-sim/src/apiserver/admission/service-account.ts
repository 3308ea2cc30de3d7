import { forbiddenError } from '@kubelab/apimachinery';
import { randomString } from '../../util/names';
import type { AdmissionPlugin } from '../api-server';

// plugin/pkg/admission/serviceaccount: every pod runs as a service account (default: "default"),
// which must exist, and gets its API token as a projected volume mounted in each container.

export const SA_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

export const serviceAccountAdmission: AdmissionPlugin = {
  name: 'ServiceAccount',
  admit(op, type, pod, _old, ctx) {
    if (op !== 'create' || type.group !== '' || type.kind !== 'Pod') return;
    const spec = pod.spec;
    // Static/mirror pods are exempt.
    if (pod.metadata.annotations?.['kubernetes.io/config.mirror']) return;
    spec.serviceAccountName ||= spec.serviceAccount || 'default';
    spec.serviceAccount = spec.serviceAccountName;
    const sa: any = ctx.view.get(
      '',
      'ServiceAccount',
      pod.metadata.namespace,
      spec.serviceAccountName,
    );
    if (!sa) {
      throw forbiddenError(
        { group: '', resource: 'pods' },
        pod.metadata.name || pod.metadata.generateName || '',
        `error looking up service account ${pod.metadata.namespace}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`,
      );
    }
    const automount = spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true;
    if (!automount) return;
    const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    if (
      all.some((c: any) => (c.volumeMounts ?? []).some((m: any) => m.mountPath === SA_MOUNT_PATH))
    )
      return;
    const name = `kube-api-access-${randomString(5, ctx.random)}`;
    spec.volumes = [
      ...(spec.volumes ?? []),
      {
        name,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            {
              downwardAPI: {
                items: [
                  {
                    path: 'namespace',
                    fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
                  },
                ],
              },
            },
          ],
        },
      },
    ];
    for (const c of all)
      c.volumeMounts = [
        ...(c.volumeMounts ?? []),
        { name, readOnly: true, mountPath: SA_MOUNT_PATH },
      ];
  },
};
