import { fnv32a } from '../../util/names';

// Container images as small behaviours behind one interface (webernetes' idea): how long a pull
// takes, what the process prints, whether and how it exits, and how it reacts to SIGTERM.

export interface ImageRef {
  /** As written in the pod spec. */
  spec: string;
  /** Fully qualified, as the runtime reports it: docker.io/library/nginx:latest. */
  full: string;
  repository: string; // docker.io/library/nginx
  name: string; // nginx
  tag: string;
}

export function parseImage(spec: string): ImageRef {
  let rest = spec.trim();
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag = 'latest';
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split('/')[0]!;
  const hasRegistry =
    rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository = hasRegistry ? rest : `docker.io/${rest}`;
  if (!hasRegistry && !rest.includes('/')) repository = `docker.io/library/${rest}`;
  const name = rest.split('/').pop()!;
  return {
    spec,
    full: digest ? `${repository}${digest}` : `${repository}:${tag}`,
    repository,
    name,
    tag,
  };
}

/** A stable fake digest per image reference. */
export function imageDigest(ref: ImageRef): string {
  let hex = '';
  for (let i = 0; hex.length < 64; i++)
    hex += fnv32a(`${ref.full}#${i}`).toString(16).padStart(8, '0');
  return `sha256:${hex.slice(0, 64)}`;
}

export interface ContainerInput {
  name: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  /** Files visible in the container (mounted ConfigMaps/Secrets), path -> content. */
  files: Record<string, string>;
  podName: string;
  restartCount: number;
  /** The image reference as written (for tag-dependent behaviour). */
  ref?: ImageRef;
  /** The container's memory limit in bytes, if any (some programs size themselves by it). */
  memoryLimitBytes?: number;
  /** The container's declared containerPorts. */
  ports?: number[];
}

/** How a process's memory use grows from its start (kwok's idea: behaviour as data). */
export interface MemoryProfile {
  /** Resident memory right after start. */
  baseBytes: number;
  /** Then grows linearly by this much per second (a leak)... */
  growthBytesPerSec?: number;
  /** ...or ramps to this much over `rampMs` (an allocation, e.g. stress --vm-bytes). */
  targetBytes?: number;
  rampMs?: number;
}

/** What a container process does from its start: timed log lines, then an exit or nothing. */
export interface ProcessPlan {
  logs: { afterMs: number; line: string; stream?: 'stdout' | 'stderr' }[];
  /** Exits this long after starting, with this code; undefined: runs until stopped. */
  exit?: { afterMs: number; code: number; reason?: string; message?: string };
  /**
   * A shell command line run by the shell interpreter (busybox, alpine, debian...): its log
   * lines, file writes and exit come from the script on the virtual clock.
   */
  script?: { argv: string[] };
  /** The process environment at start (the interpreter's environment). */
  env?: Record<string, string>;
  /** Ports it accepts connections on, from `afterMs` after start (or after the server starts). */
  listen?: { port: number; afterMs?: number; protocol?: 'http' | 'tcp' | 'grpc' }[];
  memory?: MemoryProfile;
  /** CPU it would use if unthrottled (millicores). */
  cpuMilli?: number;
  /** Image-specific settings read from args/env at start (the demo app's knobs). */
  params?: Record<string, string | number | boolean>;
}

/** An HTTP request to a container's port. */
export interface HttpRequest {
  method: string;
  path: string;
  port: number;
  headers?: Record<string, string>;
  /** Who asks: "kube-probe/1.32" for the kubelet, the client's IP for traffic. */
  userAgent?: string;
  remoteAddr?: string;
}

export interface HttpResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** How long the answer takes (ms of virtual time): a probe with a shorter timeout fails. */
  latencyMs?: number;
}

/** What a serving container knows when it answers. */
export interface ServeContext {
  plan: ProcessPlan;
  /** Virtual time of the request, and how long the process has been running. */
  now: number;
  elapsedMs: number;
  /** Reads a file of the container's file system at `now` (nginx's html root). */
  readFile(path: string): string | undefined;
  isDir(path: string): boolean;
  hostname: string;
  podIP?: string;
  containerName: string;
}

/** A command the image provides, run from a script or `kubectl exec` (nginx, redis-cli...). */
export interface ProgramContext {
  plan?: ProcessPlan;
  now: number;
  /** How long the container has been running (undefined: not this container's process). */
  elapsedMs?: number;
  readFile(path: string): string | undefined;
}

export interface ProgramResult {
  stdout?: string;
  stderr?: string;
  code?: number;
  durationMs?: number;
  /** It becomes the image's long-running server (the script blocks from here). */
  daemon?: boolean;
}

export interface Image {
  /** Matches repository names such as "nginx" or "busybox". */
  names: string[];
  /** Matches whole repositories (registry.k8s.io/e2e-test-images/agnhost), before names. */
  repositories?: string[];
  sizeBytes: number;
  pullMs: number;
  /** Time from SIGTERM to exit; Infinity when PID 1 ignores it (killed at the grace period's end). */
  sigtermMs: number;
  /** Exit code after a SIGTERM it handles (0 for nginx's graceful quit, 2 for a Go program). */
  sigtermExitCode?: number;
  /** Whether the registry has this tag (default: any plausible tag). */
  hasTag?(tag: string): boolean;
  /** The shell and utilities inside, for scripts, exec and exec probes; none: distroless. */
  shell?: 'busybox' | 'gnu';
  /** Commands beyond the shell's set (curl in nginx; none of wget/curl in debian). */
  commands?: string[];
  /** Files the image ships, absolute path -> content; and its directories. */
  files?(c: { ref?: ImageRef; env?: Record<string, string> }): Record<string, string>;
  dirs?: string[];
  run(c: ContainerInput): ProcessPlan;
  /** Programs of the image a script can run (nginx -g 'daemon off;', redis-server...). */
  program?(argv: string[], ctx: ProgramContext): ProgramResult | undefined;
  /** Answers HTTP on a listening port; undefined: not an HTTP server (a TCP-only listener). */
  serve?(req: HttpRequest, ctx: ServeContext): HttpResponse | undefined;
  /** gRPC health (grpc.health.v1) on a listening port. */
  grpcHealth?(port: number, ctx: ServeContext): 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' | undefined;
  /** Times (ms after start) at which its answers may change (a health endpoint that turns 500). */
  changesAt?(plan: ProcessPlan): number[];
  /** The log line it writes for a request it served (nginx's access log). */
  accessLog?(req: HttpRequest, res: HttpResponse, t: number): string | undefined;
  /** Listening ports, for probes and traffic. */
  ports?: number[];
}
