import { parseQuantity } from './format';
import { goSortStrings } from './go-sort';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './prefix-writer';

// The Volumes section of a pod or pod template: one block per volume, by the kind of its source.
// The sources a lab uses are described as kubectl describes them; the others (cloud disks and
// the like) print kubectl's `<unknown>`.

export function describeVolumes(volumes: any[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes?.length) return w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    describeSource(v, w);
  }
}

/** Go's %v of a *bool: `<nil>` when unset (kubectl prints the pointer itself when set). */
const optionalPointer = (v: unknown) => (v === undefined || v === null ? '<nil>' : String(v));

function describeSource(v: any, w: PrefixWriter): void {
  const lines = (...l: string[]) => w.write(LEVEL_2, l.join('\n    ') + '\n');
  if (v.hostPath)
    return lines(
      'Type:\tHostPath (bare host directory volume)',
      `Path:\t${v.hostPath.path ?? ''}`,
      `HostPathType:\t${v.hostPath.type ?? '<none>'}`,
    );
  if (v.emptyDir) {
    const limit = parseQuantity(v.emptyDir.sizeLimit);
    return lines(
      "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)",
      `Medium:\t${v.emptyDir.medium ?? ''}`,
      `SizeLimit:\t${limit.sign > 0 ? limit.toString() : '<unset>'}`,
    );
  }
  if (v.secret)
    return lines(
      'Type:\tSecret (a volume populated by a Secret)',
      `SecretName:\t${v.secret.secretName ?? ''}`,
      `Optional:\t${v.secret.optional === true}`,
    );
  if (v.configMap)
    return lines(
      'Type:\tConfigMap (a volume populated by a ConfigMap)',
      `Name:\t${v.configMap.name ?? ''}`,
      `Optional:\t${v.configMap.optional === true}`,
    );
  if (v.nfs)
    return lines(
      'Type:\tNFS (an NFS mount that lasts the lifetime of a pod)',
      `Server:\t${v.nfs.server ?? ''}`,
      `Path:\t${v.nfs.path ?? ''}`,
      `ReadOnly:\t${v.nfs.readOnly === true}`,
    );
  if (v.persistentVolumeClaim)
    return lines(
      'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
      `ClaimName:\t${v.persistentVolumeClaim.claimName ?? ''}`,
      `ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}`,
    );
  if (v.ephemeral)
    return lines(
      'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)',
    );
  if (v.downwardAPI) return describeDownwardAPI(v.downwardAPI, w);
  if (v.projected) return describeProjected(v.projected, w);
  if (v.csi) return describeCSI(v.csi, w);
  if (v.image)
    return lines(
      'Type:\tImage (a container image or OCI artifact)',
      `Reference:\t${v.image.reference ?? ''}`,
      `PullPolicy:\t${v.image.pullPolicy ?? ''}`,
    );
  w.write(LEVEL_1, '<unknown>\n');
}

function describeDownwardAPI(d: any, w: PrefixWriter): void {
  w.write(
    LEVEL_2,
    'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n',
  );
  for (const item of d.items ?? []) {
    if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
    if (item.resourceFieldRef)
      w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
  }
}

function describeProjected(p: any, w: PrefixWriter): void {
  w.write(
    LEVEL_2,
    'Type:\tProjected (a volume that contains injected data from multiple sources)\n',
  );
  for (const s of p.sources ?? []) {
    if (s.secret)
      w.write(
        LEVEL_2,
        `SecretName:\t${s.secret.name ?? ''}\n    SecretOptionalName:\t${optionalPointer(s.secret.optional)}\n`,
      );
    else if (s.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
    else if (s.configMap)
      w.write(
        LEVEL_2,
        `ConfigMapName:\t${s.configMap.name ?? ''}\n    ConfigMapOptional:\t${optionalPointer(s.configMap.optional)}\n`,
      );
    else if (s.serviceAccountToken)
      w.write(
        LEVEL_2,
        `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`,
      );
  }
}

function describeCSI(csi: any, w: PrefixWriter): void {
  w.write(
    LEVEL_2,
    'Type:\tCSI (a Container Storage Interface (CSI) volume source)\n' +
      `    Driver:\t${csi.driver ?? ''}\n    FSType:\t${csi.fsType ?? ''}\n    ReadOnly:\t${csi.readOnly === true}\n`,
  );
  w.write(LEVEL_2, 'VolumeAttributes:\t');
  const attrs: Record<string, string> = csi.volumeAttributes ?? {};
  const keys = goSortStrings(Object.keys(attrs));
  if (!keys.length) return w.writeLine('<none>');
  // Every write is indented, the continuation tab and the value too (as kubectl writes them).
  keys.forEach((key, i) => {
    if (i) {
      w.write(LEVEL_2, '');
      w.write(LEVEL_2, '\t');
    }
    const line = `${key}=${attrs[key]}`;
    w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
  });
}
