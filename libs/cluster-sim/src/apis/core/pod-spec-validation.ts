import {
  duplicate,
  forbidden,
  invalid,
  isCIdentifier,
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isValidPortName,
  isValidPortNum,
  notFound,
  notSupported,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import { parseQuantitySafe } from '../../util/quantity';

// Pod spec validation with the field paths and messages of pkg/apis/core/validation
// (ValidatePodSpec and friends): the parts a learner's manifests actually hit.

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

function validateQuantity(v: unknown, field: string): FieldError[] {
  const q = parseQuantitySafe(v);
  if (q.error) return [invalid(field, v, q.error)];
  if (q.milli! < 0) return [invalid(field, v, 'must be greater than or equal to 0')];
  return [];
}

function validateResources(r: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!r) return errs;
  const names = new Set([
    'cpu',
    'memory',
    'ephemeral-storage',
    'hugepages-1Gi',
    'hugepages-2Mi',
    'nvidia.com/gpu',
  ]);
  for (const kind of ['limits', 'requests'] as const) {
    for (const [k, v] of Object.entries(r[kind] ?? {})) {
      const f = `${path}.${kind}[${k}]`;
      if (!names.has(k) && !k.includes('/'))
        errs.push(invalid(f, k, 'must be a standard resource type or fully qualified'));
      errs.push(...validateQuantity(v, f));
    }
  }
  for (const [k, req] of Object.entries(r.requests ?? {})) {
    const lim = r.limits?.[k];
    if (lim === undefined) continue;
    const rq = parseQuantitySafe(req);
    const lq = parseQuantitySafe(lim);
    if (rq.milli !== undefined && lq.milli !== undefined && rq.milli > lq.milli) {
      errs.push(
        invalid(
          `${path}.requests`,
          String(req),
          `must be less than or equal to ${k} limit of ${lim}`,
        ),
      );
    }
  }
  return errs;
}

function validateProbe(p: any, path: string): FieldError[] {
  if (!p) return [];
  const errs: FieldError[] = [];
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => p[h]);
  if (handlers.length === 0) errs.push(required(path, 'must specify a handler type'));
  else if (handlers.length > 1)
    errs.push(forbidden(`${path}.${handlers[1]}`, 'may not specify more than 1 handler type'));
  for (const k of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ] as const) {
    if (p[k] !== undefined && p[k] < 0)
      errs.push(invalid(`${path}.${k}`, p[k], 'must be greater than or equal to 0'));
  }
  const port = p.httpGet?.port ?? p.tcpSocket?.port;
  if (port !== undefined) {
    const f = `${path}.${p.httpGet ? 'httpGet' : 'tcpSocket'}.port`;
    if (typeof port === 'number')
      for (const m of isValidPortNum(port)) errs.push(invalid(f, port, m));
    else for (const m of isValidPortName(String(port))) errs.push(invalid(f, port, m));
  }
  return errs;
}

function validateEnv(env: any[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((e, i) => {
    const f = `${path}[${i}]`;
    if (!e.name) errs.push(required(`${f}.name`));
    else for (const m of isEnvVarName(e.name)) errs.push(invalid(`${f}.name`, e.name, m));
    if (e.valueFrom) {
      const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter(
        (k) => e.valueFrom[k],
      );
      if (e.value !== undefined && e.value !== '')
        errs.push(invalid(`${f}.valueFrom`, '', 'may not be specified when `value` is not empty'));
      if (sources.length === 0)
        errs.push(
          invalid(
            `${f}.valueFrom`,
            '',
            'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
          ),
        );
      else if (sources.length > 1)
        errs.push(
          invalid(`${f}.valueFrom`, '', 'may not have more than one field specified at a time'),
        );
      for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
        const r = e.valueFrom[ref];
        if (!r) continue;
        if (!r.key) errs.push(required(`${f}.valueFrom.${ref}.key`));
        else
          for (const m of isConfigMapKey(r.key))
            errs.push(invalid(`${f}.valueFrom.${ref}.key`, r.key, m));
        if (!r.name) errs.push(required(`${f}.valueFrom.${ref}.name`));
      }
    }
  });
  return errs;
}

function validateContainers(
  containers: any[] | undefined,
  path: string,
  volumes: Map<string, any>,
  seenNames: Set<string>,
  init: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  (containers ?? []).forEach((c, i) => {
    const f = `${path}[${i}]`;
    if (!c.name) errs.push(required(`${f}.name`));
    else {
      for (const m of isDNS1123Label(c.name)) errs.push(invalid(`${f}.name`, c.name, m));
      if (seenNames.has(c.name)) errs.push(duplicate(`${f}.name`, c.name));
      seenNames.add(c.name);
    }
    if (!c.image || !String(c.image).trim()) errs.push(required(`${f}.image`));
    if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy))
      errs.push(notSupported(`${f}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
    const portNames = new Set<string>();
    (c.ports ?? []).forEach((p: any, j: number) => {
      const pf = `${f}.ports[${j}]`;
      if (p.containerPort === undefined) errs.push(required(`${pf}.containerPort`));
      else
        for (const m of isValidPortNum(p.containerPort))
          errs.push(invalid(`${pf}.containerPort`, p.containerPort, m));
      if (p.hostPort !== undefined && p.hostPort !== 0)
        for (const m of isValidPortNum(p.hostPort))
          errs.push(invalid(`${pf}.hostPort`, p.hostPort, m));
      if (p.name) {
        for (const m of isValidPortName(p.name)) errs.push(invalid(`${pf}.name`, p.name, m));
        if (portNames.has(p.name)) errs.push(duplicate(`${pf}.name`, p.name));
        portNames.add(p.name);
      }
      if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol))
        errs.push(notSupported(`${pf}.protocol`, p.protocol, PROTOCOLS));
    });
    errs.push(...validateEnv(c.env, `${f}.env`));
    (c.envFrom ?? []).forEach((e: any, j: number) => {
      const ef = `${f}.envFrom[${j}]`;
      const n = ['configMapRef', 'secretRef'].filter((k) => e[k]).length;
      if (n === 0) errs.push(invalid(ef, '', 'must specify one of: `configMapRef` or `secretRef`'));
      else if (n > 1)
        errs.push(invalid(ef, '', 'may not have more than one field specified at a time'));
      if (e.prefix)
        for (const m of isCIdentifier(e.prefix)) errs.push(invalid(`${ef}.prefix`, e.prefix, m));
      for (const k of ['configMapRef', 'secretRef'])
        if (e[k] && !e[k].name) errs.push(required(`${ef}.${k}.name`));
    });
    const mountPaths = new Set<string>();
    (c.volumeMounts ?? []).forEach((vm: any, j: number) => {
      const mf = `${f}.volumeMounts[${j}]`;
      if (!vm.name) errs.push(required(`${mf}.name`));
      else if (!volumes.has(vm.name)) errs.push(notFound(`${mf}.name`, vm.name));
      if (!vm.mountPath) errs.push(required(`${mf}.mountPath`));
      else {
        if (mountPaths.has(vm.mountPath))
          errs.push(invalid(`${mf}.mountPath`, vm.mountPath, 'must be unique'));
        mountPaths.add(vm.mountPath);
      }
      if (
        vm.subPath &&
        (String(vm.subPath).startsWith('/') || String(vm.subPath).split('/').includes('..'))
      )
        errs.push(invalid(`${mf}.subPath`, vm.subPath, "must be a relative path without '..'"));
    });
    errs.push(...validateResources(c.resources, `${f}.resources`));
    if (!init || c.restartPolicy === 'Always') {
      errs.push(...validateProbe(c.livenessProbe, `${f}.livenessProbe`));
      errs.push(...validateProbe(c.readinessProbe, `${f}.readinessProbe`));
      errs.push(...validateProbe(c.startupProbe, `${f}.startupProbe`));
      if (c.livenessProbe?.successThreshold !== undefined && c.livenessProbe.successThreshold !== 1)
        errs.push(
          invalid(
            `${f}.livenessProbe.successThreshold`,
            c.livenessProbe.successThreshold,
            'must be 1',
          ),
        );
    } else {
      for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe'])
        if (c[p])
          errs.push(
            forbidden(
              `${f}.${p}`,
              'may not be set for init containers without restartPolicy=Always',
            ),
          );
    }
    if (
      c.terminationMessagePolicy !== undefined &&
      !['File', 'FallbackToLogsOnError'].includes(c.terminationMessagePolicy)
    )
      errs.push(
        notSupported(`${f}.terminationMessagePolicy`, c.terminationMessagePolicy, [
          'File',
          'FallbackToLogsOnError',
        ]),
      );
  });
  return errs;
}

function validateVolumes(
  volumes: any[] | undefined,
  path: string,
): { errs: FieldError[]; byName: Map<string, any> } {
  const errs: FieldError[] = [];
  const byName = new Map<string, any>();
  (volumes ?? []).forEach((v, i) => {
    const f = `${path}[${i}]`;
    if (!v.name) errs.push(required(`${f}.name`));
    else {
      for (const m of isDNS1123Label(v.name)) errs.push(invalid(`${f}.name`, v.name, m));
      if (byName.has(v.name)) errs.push(duplicate(`${f}.name`, v.name));
      byName.set(v.name, v);
    }
    const sources = Object.keys(v).filter(
      (k) => VOLUME_SOURCES.includes(k) && v[k] !== undefined && v[k] !== null,
    );
    if (sources.length === 0) errs.push(required(f, 'must specify a volume type'));
    else if (sources.length > 1)
      errs.push(forbidden(`${f}.${sources[1]}`, 'may not specify more than 1 volume type'));
    if (v.configMap && !v.configMap.name) errs.push(required(`${f}.configMap.name`));
    if (v.secret && !v.secret.secretName) errs.push(required(`${f}.secret.secretName`));
    if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName)
      errs.push(required(`${f}.persistentVolumeClaim.claimName`));
    if (v.hostPath) {
      if (!v.hostPath.path) errs.push(required(`${f}.hostPath.path`));
      const types = [
        '',
        'DirectoryOrCreate',
        'Directory',
        'FileOrCreate',
        'File',
        'Socket',
        'CharDevice',
        'BlockDevice',
      ];
      if (v.hostPath.type !== undefined && !types.includes(v.hostPath.type))
        errs.push(notSupported(`${f}.hostPath.type`, v.hostPath.type, types.slice(1)));
    }
    if (
      v.emptyDir?.medium !== undefined &&
      !['', 'Memory', 'HugePages'].includes(v.emptyDir.medium)
    )
      errs.push(
        notSupported(`${f}.emptyDir.medium`, v.emptyDir.medium, ['', 'Memory', 'HugePages']),
      );
    for (const [k, item] of (v.configMap?.items ?? v.secret?.items ?? []).entries()) {
      const src = v.configMap ? 'configMap' : 'secret';
      if (!item.key) errs.push(required(`${f}.${src}.items[${k}].key`));
      if (!item.path) errs.push(required(`${f}.${src}.items[${k}].path`));
      else if (String(item.path).startsWith('/') || String(item.path).split('/').includes('..'))
        errs.push(
          invalid(
            `${f}.${src}.items[${k}].path`,
            item.path,
            "must be a relative path without '..'",
          ),
        );
    }
  });
  return { errs, byName };
}

/** ValidatePodSpec: `path` is where the spec sits ("spec" for pods, "spec.template.spec" in templates). */
export function validatePodSpec(spec: any, path: string): FieldError[] {
  if (!spec) return [required(path)];
  const errs: FieldError[] = [];
  const vol = validateVolumes(spec.volumes, `${path}.volumes`);
  errs.push(...vol.errs);
  if (!spec.containers || spec.containers.length === 0) errs.push(required(`${path}.containers`));
  const names = new Set<string>();
  errs.push(
    ...validateContainers(spec.initContainers, `${path}.initContainers`, vol.byName, names, true),
  );
  errs.push(...validateContainers(spec.containers, `${path}.containers`, vol.byName, names, false));
  if (spec.restartPolicy !== undefined && !RESTART_POLICIES.includes(spec.restartPolicy))
    errs.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  if (spec.dnsPolicy !== undefined && !DNS_POLICIES.includes(spec.dnsPolicy))
    errs.push(notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0)
    errs.push(
      invalid(
        `${path}.terminationGracePeriodSeconds`,
        spec.terminationGracePeriodSeconds,
        'must be greater than or equal to 0',
      ),
    );
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds <= 0)
    errs.push(
      invalid(
        `${path}.activeDeadlineSeconds`,
        spec.activeDeadlineSeconds,
        'must be between 1 and 2147483647, inclusive',
      ),
    );
  if (spec.serviceAccountName)
    for (const m of isDNS1123Subdomain(spec.serviceAccountName))
      errs.push(invalid(`${path}.serviceAccountName`, spec.serviceAccountName, m));
  if (spec.nodeName)
    for (const m of isDNS1123Subdomain(spec.nodeName))
      errs.push(invalid(`${path}.nodeName`, spec.nodeName, m));
  if (spec.hostname)
    for (const m of isDNS1123Label(spec.hostname))
      errs.push(invalid(`${path}.hostname`, spec.hostname, m));
  if (spec.subdomain)
    for (const m of isDNS1123Label(spec.subdomain))
      errs.push(invalid(`${path}.subdomain`, spec.subdomain, m));
  (spec.tolerations ?? []).forEach((t: any, i: number) => {
    const f = `${path}.tolerations[${i}]`;
    if (t.operator !== undefined && !['Exists', 'Equal'].includes(t.operator))
      errs.push(notSupported(`${f}.operator`, t.operator, ['Equal', 'Exists']));
    if (t.operator === 'Exists' && t.value)
      errs.push(
        invalid(`${f}.operator`, t.operator, "value must be empty when `operator` is 'Exists'"),
      );
    if (!t.key && t.operator !== 'Exists')
      errs.push(
        invalid(
          `${f}.operator`,
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (
      t.effect !== undefined &&
      t.effect !== '' &&
      !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)
    )
      errs.push(
        notSupported(`${f}.effect`, t.effect, ['NoExecute', 'NoSchedule', 'PreferNoSchedule']),
      );
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute')
      errs.push(
        invalid(
          `${f}.effect`,
          t.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
  });
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) {
    if (typeof v !== 'string') errs.push(invalid(`${path}.nodeSelector`, v, 'must be a string'));
    void k;
  }
  return errs;
}

/** The fields a pod update may change (ValidatePodUpdate). */
export function validatePodSpecUpdate(spec: any, old: any): FieldError[] {
  const strip = (s: any) => {
    const c = structuredClone(s ?? {});
    for (const ctr of [...(c.containers ?? []), ...(c.initContainers ?? [])]) delete ctr.image;
    delete c.activeDeadlineSeconds;
    delete c.tolerations;
    delete c.terminationGracePeriodSeconds;
    delete c.ephemeralContainers;
    // Scheduling gates may only be removed (validateOnlyDeletedSchedulingGates).
    delete c.schedulingGates;
    return JSON.stringify(sortKeys(c));
  };
  const oldGates = new Set((old?.schedulingGates ?? []).map((g: any) => g.name));
  const added = (spec?.schedulingGates ?? [])
    .map((g: any, i: number) => [g.name, i] as const)
    .filter(([n]: readonly [string, number]) => !oldGates.has(n));
  if (added.length)
    return added.map(([n, i]: readonly [string, number]) =>
      forbidden(
        `spec.schedulingGates[${i}].name`,
        `only deletion is allowed, but found new scheduling gate '${n}'`,
      ),
    );
  if (strip(spec) === strip(old)) {
    const oldTol = new Set((old.tolerations ?? []).map((t: any) => JSON.stringify(sortKeys(t))));
    const lost = [...oldTol].filter(
      (t) => !(spec.tolerations ?? []).some((n: any) => JSON.stringify(sortKeys(n)) === t),
    );
    if (!lost.length) return [];
  }
  const changed = Object.keys({ ...(spec ?? {}), ...(old ?? {}) })
    .filter((k) => JSON.stringify(sortKeys(spec?.[k])) !== JSON.stringify(sortKeys(old?.[k])))
    .sort();
  return [
    forbidden(
      'spec',
      'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)' +
        (changed.length ? `\n  changed: ${changed.map((k) => `spec.${k}`).join(', ')}` : ''),
    ),
  ];
}

function sortKeys(v: any): any {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])]),
    );
  return v;
}
