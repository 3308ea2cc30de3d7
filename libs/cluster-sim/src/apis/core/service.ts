import {
  duplicate,
  forbidden,
  invalid,
  invalidError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  notSupported,
  required,
  type FieldError,
} from '@kubelab/apimachinery';
import type { ResourceType, StrategyContext } from '../../registry/resource-type';

// Services: defaults (pkg/apis/core/v1/defaults.go), validation, and the cluster IP and node
// port allocators the service REST storage runs on create (pkg/registry/core/service).

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
/** 10.96.0.0/12 */
const CIDR_BASE = (10 << 24) | (96 << 16);
const CIDR_SIZE = 1 << 20;
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const KUBE_DNS_IP = '10.96.0.10';

const ipOf = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const numOf = (ip: string) => ip.split('.').reduce((a, p) => a * 256 + Number(p), 0) >>> 0;
const inRange = (ip: string) =>
  /^\d+\.\d+\.\d+\.\d+$/.test(ip) &&
  numOf(ip) > CIDR_BASE >>> 0 &&
  numOf(ip) < (CIDR_BASE + CIDR_SIZE - 1) >>> 0;

const hasClusterIP = (svc: any) => svc.spec?.type !== 'ExternalName';
const isHeadless = (svc: any) => svc.spec?.clusterIP === 'None';
const needsNodePorts = (svc: any) =>
  svc.spec?.type === 'NodePort' ||
  (svc.spec?.type === 'LoadBalancer' && svc.spec?.allocateLoadBalancerNodePorts !== false);

function usedClusterIPs(ctx: StrategyContext, except?: string): Set<string> {
  const s = new Set<string>();
  for (const o of ctx.view.list('', 'Service') as any[]) {
    if (o.metadata.uid === except) continue;
    for (const ip of o.spec?.clusterIPs ?? [o.spec?.clusterIP]) if (ip && ip !== 'None') s.add(ip);
  }
  return s;
}

function usedNodePorts(ctx: StrategyContext, except?: string): Set<number> {
  const s = new Set<number>();
  for (const o of ctx.view.list('', 'Service') as any[]) {
    if (o.metadata.uid === except) continue;
    for (const p of o.spec?.ports ?? []) if (p.nodePort) s.add(p.nodePort);
  }
  return s;
}

function allocate(svc: any, old: any | undefined, ctx: StrategyContext): void {
  const spec = svc.spec;
  const errs: FieldError[] = [];
  if (hasClusterIP(svc)) {
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.ipFamilies ??= ['IPv4'];
    if (!isHeadless(svc)) {
      if (old?.spec?.clusterIP && old.spec.clusterIP !== 'None' && !spec.clusterIP) {
        spec.clusterIP = old.spec.clusterIP;
      } else if (
        !old ||
        !old.spec?.clusterIP ||
        old.spec.clusterIP === 'None' ||
        old.spec.type === 'ExternalName'
      ) {
        const used = usedClusterIPs(ctx, svc.metadata.uid);
        if (spec.clusterIP) {
          if (!inRange(spec.clusterIP))
            errs.push(
              invalid(
                'spec.clusterIPs',
                [spec.clusterIP],
                `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is 10.96.0.0/12`,
              ),
            );
          else if (used.has(spec.clusterIP))
            errs.push(
              invalid(
                'spec.clusterIPs',
                [spec.clusterIP],
                `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`,
              ),
            );
        } else {
          // Random offsets, as the bitmap allocator picks them; skip the reserved low addresses.
          for (let tries = 0; tries < 1000; tries++) {
            const ip = ipOf((CIDR_BASE + 16 + Math.floor(ctx.random() * (CIDR_SIZE - 32))) >>> 0);
            if (!used.has(ip) && ip !== KUBE_DNS_IP) {
              spec.clusterIP = ip;
              break;
            }
          }
        }
      }
    }
    if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
  } else {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  }
  if (needsNodePorts(svc)) {
    const used = usedNodePorts(ctx, svc.metadata.uid);
    const oldPorts = new Map<string, number>(
      (old?.spec?.ports ?? []).map((p: any) => [`${p.port}/${p.protocol}`, p.nodePort]),
    );
    (spec.ports ?? []).forEach((p: any, i: number) => {
      if (!p.nodePort) {
        const kept = oldPorts.get(`${p.port}/${p.protocol}`);
        if (kept) {
          p.nodePort = kept;
          return;
        }
        for (let tries = 0; tries < 5000; tries++) {
          const n = NODE_PORT_MIN + Math.floor(ctx.random() * (NODE_PORT_MAX - NODE_PORT_MIN + 1));
          if (!used.has(n)) {
            p.nodePort = n;
            used.add(n);
            break;
          }
        }
      } else if ((oldPorts.get(`${p.port}/${p.protocol}`) ?? 0) !== p.nodePort) {
        if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX)
          errs.push(
            invalid(
              `spec.ports[${i}].nodePort`,
              p.nodePort,
              `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
            ),
          );
        else if (used.has(p.nodePort))
          errs.push(
            invalid(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'),
          );
        used.add(p.nodePort);
      }
    });
  } else if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') {
    for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (errs.length) throw invalidError('', 'Service', svc.metadata.name, errs);
}

function validateService(svc: any): FieldError[] {
  const errs: FieldError[] = [];
  const spec = svc.spec ?? {};
  if (!TYPES.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, TYPES));
  const ports: any[] = spec.ports ?? [];
  if (!ports.length && spec.type !== 'ExternalName' && spec.clusterIP !== 'None')
    errs.push(required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const f = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(required(`${f}.name`));
    if (p.name) {
      for (const m of isDNS1123Label(p.name)) errs.push(invalid(`${f}.name`, p.name, m));
      if (names.has(p.name)) errs.push(duplicate(`${f}.name`, p.name));
      names.add(p.name);
    }
    for (const m of isValidPortNum(p.port)) errs.push(invalid(`${f}.port`, p.port, m));
    if (!PROTOCOLS.includes(p.protocol))
      errs.push(notSupported(`${f}.protocol`, p.protocol, PROTOCOLS));
    if (typeof p.targetPort === 'number')
      for (const m of isValidPortNum(p.targetPort))
        errs.push(invalid(`${f}.targetPort`, p.targetPort, m));
    else if (typeof p.targetPort === 'string')
      for (const m of isValidPortName(p.targetPort))
        errs.push(invalid(`${f}.targetPort`, p.targetPort, m));
    if (p.nodePort && spec.type === 'ClusterIP')
      errs.push(forbidden(`${f}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
  });
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) errs.push(required('spec.externalName'));
    else
      for (const m of isDNS1123Subdomain(String(spec.externalName).replace(/\.$/, '')))
        errs.push(invalid('spec.externalName', spec.externalName, m));
  }
  if (spec.sessionAffinity && !['None', 'ClientIP'].includes(spec.sessionAffinity))
    errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  if (spec.externalTrafficPolicy && spec.type !== 'NodePort' && spec.type !== 'LoadBalancer')
    errs.push(
      invalid(
        'spec.externalTrafficPolicy',
        spec.externalTrafficPolicy,
        "may only be set when `type` is 'NodePort' or 'LoadBalancer'",
      ),
    );
  return errs;
}

export const serviceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  shortNames: ['svc'],
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  categories: ['all'],
  hasStatus: true,
  generation: 'none',
  subresources: [
    {
      name: 'proxy',
      verbs: ['create', 'delete', 'get', 'patch', 'update'],
      responseKind: { group: '', version: 'v1', kind: 'ServiceProxyOptions' },
    },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  strategy: {
    defaults(svc) {
      const spec = (svc.spec ??= {});
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (spec.sessionAffinity === 'ClientIP')
        spec.sessionAffinityConfig ??= { clientIP: { timeoutSeconds: 10800 } };
      for (const p of spec.ports ?? []) {
        p.protocol ??= 'TCP';
        if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '')
          p.targetPort = p.port;
      }
      if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && !spec.externalTrafficPolicy)
        spec.externalTrafficPolicy = 'Cluster';
      if (spec.type !== 'ExternalName') spec.internalTrafficPolicy ??= 'Cluster';
      if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
    },
    prepareForCreate(svc) {
      svc.status = { loadBalancer: {} };
    },
    validate: validateService,
    validateUpdate(svc, old): FieldError[] {
      const errs = validateService(svc);
      const oldIP = old.spec?.clusterIP;
      const newIP = svc.spec?.clusterIP;
      if (
        oldIP &&
        newIP !== undefined &&
        newIP !== oldIP &&
        old.spec?.type !== 'ExternalName' &&
        svc.spec?.type !== 'ExternalName'
      )
        errs.push(
          invalid('spec.clusterIPs[0]', svc.spec?.clusterIPs ?? [newIP], 'may not change once set'),
        );
      return errs;
    },
    afterValidate: (svc, old, ctx) => allocate(svc, old, ctx),
  },
};
