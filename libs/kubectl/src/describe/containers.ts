import { goSort, goStringLess } from './go-sort';
import {
  parseQuantity,
  printBool,
  quantityString,
  sortedResourceNames,
  stringOrNone,
} from './format';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './prefix-writer';
import { rfc1123z } from './time';

// The Containers section of a pod (with statuses) and of a pod template (without): image,
// ports, command, state, resources, probes, environment and mounts of each container.

/** The value of a fieldRef env var; undefined for a template (no pod to read it from). */
export type EnvResolver = ((fieldPath: string) => string) | undefined;

export function describeContainers(
  label: string,
  containers: any[] | undefined,
  statuses: any[] | undefined,
  resolve: EnvResolver,
  w: PrefixWriter,
  space: string,
): void {
  const byName = new Map<string, any>((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers?.length ? '' : ' <none>'}\n`);
  for (const c of containers ?? []) {
    const status = byName.get(c.name);
    describeBasicInfo(c, status, space, w);
    describeCommand(c, w);
    if (status) describeState(status, w);
    describeResources(c.resources, w, LEVEL_2);
    describeProbes(c, w);
    if (c.envFrom?.length) describeEnvFrom(c, w);
    describeEnv(c, resolve, w);
    describeMounts(c, w);
  }
}

function describeBasicInfo(c: any, status: any, space: string, w: PrefixWriter): void {
  w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports = portList(c.ports, (p) => p.containerPort);
  if (ports.includes(',')) w.write(LEVEL_2, `Ports:\t${ports}\n`);
  else w.write(LEVEL_2, `Port:\t${stringOrNone(ports)}\n`);
  const hostPorts = portList(c.ports, (p) => p.hostPort);
  if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
  else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
  const seccomp = c.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
    if (seccomp.type === 'Localhost')
      w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
}

/** `80/TCP, 443/TCP`. */
const portList = (ports: any[] | undefined, port: (p: any) => number | undefined) =>
  (ports ?? []).map((p) => `${port(p) ?? 0}/${p.protocol ?? ''}`).join(', ');

function describeCommand(c: any, w: PrefixWriter): void {
  for (const [title, parts] of [
    ['Command', c.command],
    ['Args', c.args],
  ] as [string, string[] | undefined][]) {
    if (!parts?.length) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const part of parts) for (const line of part.split('\n')) w.write(LEVEL_3, `${line}\n`);
  }
}

function describeState(status: any, w: PrefixWriter): void {
  describeStatus('State', status.state, w);
  if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
  w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
  w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

function describeStatus(title: string, state: any, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${title}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${title}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else w.write(LEVEL_2, `${title}:\tWaiting\n`);
}

/** Limits and Requests, each resource on its own line. */
export function describeResources(resources: any, w: PrefixWriter, level: number): void {
  if (!resources) return;
  for (const [title, list] of [
    ['Limits', resources.limits],
    ['Requests', resources.requests],
  ] as [string, Record<string, unknown> | undefined][]) {
    const names = sortedResourceNames(list);
    if (names.length) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${quantityString(list![name])}\n`);
  }
}

function describeProbes(c: any, w: PrefixWriter): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

/** DescribeProbe: `http-get http://:80/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(p: any): string {
  const attrs =
    `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s ` +
    `period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) return `http-get ${probeURL(p.httpGet)} ${attrs}`;
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port ?? ''} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port ?? 0} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

/** url.URL{Scheme, Host: JoinHostPort(host, port), Path}.String(). */
function probeURL(h: any): string {
  const host: string = h.host ?? '';
  const port = h.port === undefined || h.port === null ? '' : String(h.port);
  const hostPort = port ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host;
  let path = escapePath(h.path ?? '');
  if (path && !path.startsWith('/') && hostPort) path = '/' + path;
  const scheme = String(h.scheme ?? '').toLowerCase();
  const slashes = (scheme || hostPort) && (hostPort || path) ? '//' : '';
  return `${scheme ? `${scheme}:` : ''}${slashes}${hostPort}${path}`;
}

/** url.PathEscape's rules for a URL path: unreserved characters and $&+,/:;=@ stay. */
const escapePath = (path: string) =>
  [...new TextEncoder().encode(path)]
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c)
        ? c
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');

function describeEnvFrom(c: any, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of c.envFrom) {
    const ref = e.configMapRef ?? e.secretRef;
    const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
    const optional = ref?.optional === true;
    const source = e.prefix ? `${from} with prefix '${e.prefix}'` : from;
    w.write(LEVEL_3, `${ref?.name ?? ''}\t${source}\tOptional: ${optional}\n`);
  }
}

function describeEnv(c: any, resolve: EnvResolver, w: PrefixWriter): void {
  w.write(LEVEL_2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
  for (const e of c.env ?? []) {
    const from = e.valueFrom;
    if (!from) {
      String(e.value ?? '')
        .split('\n')
        .forEach((line, i) => w.write(LEVEL_3, i ? `\t${line}\n` : `${e.name}:\t${line}\n`));
    } else if (from.fieldRef) {
      const value = resolve ? resolve(from.fieldRef.fieldPath ?? '') : '';
      w.write(
        LEVEL_3,
        `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath ?? ''})\n`,
      );
    } else if (from.resourceFieldRef) {
      const resource = from.resourceFieldRef.resource ?? '';
      let value = containerResourceValue(from.resourceFieldRef, c);
      if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory'))
        value = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${value} (${resource})\n`);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${r.key}' in secret '${r.name}'>\tOptional: ${r.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${r.key}' of config map '${r.name}'>\tOptional: ${r.optional === true}\n`,
      );
    }
  }
}

/** ExtractContainerResourceValue: the resource, in units of the divisor, rounded up. */
function containerResourceValue(ref: any, c: any): string {
  const resource: string = ref.resource ?? '';
  const divisor = parseQuantity(ref.divisor);
  const one = divisor.isZero() ? parseQuantity('1') : divisor;
  const [kind, name] = resource.split(/\.(.*)/s) as [string, string | undefined];
  if ((kind !== 'limits' && kind !== 'requests') || !name) return '';
  const list = c.resources?.[kind] ?? {};
  const q = parseQuantity(list[name]);
  if (name === 'cpu') return String(Math.ceil(q.milliValue() / one.milliValue()));
  if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-'))
    return String(Math.ceil(q.value() / one.value()));
  return '';
}

function describeMounts(c: any, w: PrefixWriter): void {
  const none = c.volumeMounts?.length ? '' : '\t<none>';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  const mounts = goSort([...(c.volumeMounts ?? [])], (a, b) =>
    goStringLess(a.mountPath ?? '', b.mountPath ?? ''),
  );
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  if (c.volumeDevices?.length) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    const devices = goSort([...c.volumeDevices], (a, b) =>
      goStringLess(a.devicePath ?? '', b.devicePath ?? ''),
    );
    for (const d of devices) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}
