// Traffic load, for the usage model: the requests pods keep sending. A running container whose
// script loops over wget or curl (the HPA walkthrough's load generator: `while sleep 0.01; do
// wget -q -O- http://php-apache; done`) sends requests back to back, spread by kube-proxy over
// the ready endpoints of the Service it names; each request costs its server some CPU.
import type { ClusterNetwork } from '../../network/cluster-network';
import { parseImage } from '../../kubelet/images/image';

/** CPU time one request costs the server (ms), by image: data of the image behaviours. */
export const REQUEST_CPU_MS: Record<string, number> = {
  // php's sqrt loop; with a 10 ms sleep between requests one generator keeps about 620m busy,
  // which is where the HPA walkthrough settles (7 replicas at ~44% of 200m).
  'hpa-example': 17.6,
  nginx: 0.05,
  'nginx-unprivileged': 0.05,
  httpd: 0.1,
  echoserver: 0.2,
  'hello-app': 0.2,
  'http-echo': 0.05,
  whoami: 0.05,
};
const DEFAULT_REQUEST_CPU_MS = 0.5;
/** Round trip and client work per request besides the server's CPU (ms). */
const REQUEST_OVERHEAD_MS = 1;

export interface LoadGenerator {
  pod: any;
  container: string;
  url: string;
  sleepMs: number;
}

const SCRIPT_SHELLS = /(^|\/)(sh|ash|bash|dash)$/;

/** The script a container runs, when it runs one (`sh -c "..."`), else its argv joined. */
function scriptOf(c: any): string {
  const argv: string[] = [...(c.command ?? []), ...(c.args ?? [])];
  const i = argv.findIndex((a) => a === '-c');
  if (i > 0 && SCRIPT_SHELLS.test(argv[0] ?? '')) return argv.slice(i + 1).join(' ');
  return argv.join(' ');
}

/** The first URL a wget/curl in the loop fetches. */
function urlIn(script: string): string | undefined {
  const m = /\b(?:wget|curl)\b([^;&|\n]*)/.exec(script);
  if (!m) return undefined;
  const words = m[1]!
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/^['"]|['"]$/g, ''));
  const withScheme = words.find((w) => /^https?:\/\//.test(w));
  if (withScheme) return withScheme;
  // The last word that is not an option (nor an option's value) is the URL.
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!;
    if (!w || w.startsWith('-')) continue;
    const prev = words[i - 1] ?? '';
    if (/^-(O|o|T|U|H|-header|-output|-timeout|w|m|X)$/.test(prev)) continue;
    return w;
  }
  return undefined;
}

/** Running containers that keep sending requests. */
export function loadGenerators(pods: any[]): LoadGenerator[] {
  const out: LoadGenerator[] = [];
  for (const pod of pods) {
    if (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) continue;
    for (const c of pod.spec?.containers ?? []) {
      const running = (pod.status?.containerStatuses ?? []).some(
        (s: any) => s.name === c.name && s.state?.running,
      );
      if (!running) continue;
      const script = scriptOf(c);
      if (!/\b(while|until|for)\b[\s\S]*\bdo\b/.test(script) || !/\b(wget|curl)\b/.test(script))
        continue;
      const url = urlIn(script);
      if (!url) continue;
      const sleep = /\bsleep\s+([\d.]+)/.exec(script);
      out.push({ pod, container: c.name, url, sleepMs: sleep ? Number(sleep[1]) * 1000 : 0 });
    }
  }
  return out;
}

export interface ServerLoad {
  /** CPU (millicores) the requests ask of this container. */
  cpuMilli: number;
  requestsPerSecond: number;
}

const key = (ns: string, pod: string, container: string) => `${ns}/${pod}/${container}`;

/**
 * The load each serving container receives: every generator's request rate, spread evenly over
 * the endpoints its URL reaches, times the server's cost per request.
 */
export function trafficLoads(
  net: ClusterNetwork,
  generators: LoadGenerator[],
): { servers: Map<string, ServerLoad>; clients: Map<string, number> } {
  const loads = new Map<string, ServerLoad>();
  const clients = new Map<string, number>();
  for (const g of generators) {
    const targets = net.targets(g.pod, g.url);
    if (!targets.length) continue;
    // Requests run one after the other: the loop's period is its sleep, the server's work
    // (the first target's, as they are alike) and the round trip.
    const first = targets[0]!;
    const cost =
      REQUEST_CPU_MS[parseImage(first.container.image ?? '').name] ?? DEFAULT_REQUEST_CPU_MS;
    const rate = 1000 / (g.sleepMs + cost + REQUEST_OVERHEAD_MS);
    const ck = key(g.pod.metadata.namespace, g.pod.metadata.name, g.container);
    clients.set(ck, (clients.get(ck) ?? 0) + rate);
    for (const t of targets) {
      const k = key(t.pod.metadata.namespace, t.pod.metadata.name, t.container.name);
      const cur = loads.get(k) ?? { cpuMilli: 0, requestsPerSecond: 0 };
      const share = rate / targets.length;
      const c = REQUEST_CPU_MS[parseImage(t.container.image ?? '').name] ?? DEFAULT_REQUEST_CPU_MS;
      loads.set(k, {
        cpuMilli: cur.cpuMilli + share * c,
        requestsPerSecond: cur.requestsPerSecond + share,
      });
    }
  }
  return { servers: loads, clients };
}

export const loadKey = key;
