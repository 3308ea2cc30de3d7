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
}

/** What a container process does from its start: timed log lines, then an exit or nothing. */
export interface ProcessPlan {
  logs: { afterMs: number; line: string; stream?: 'stdout' | 'stderr' }[];
  /** Exits this long after starting, with this code; undefined: runs until stopped. */
  exit?: { afterMs: number; code: number; reason?: string; message?: string };
}

export interface Image {
  /** Matches repository names such as "nginx" or "busybox". */
  names: string[];
  sizeBytes: number;
  pullMs: number;
  /** Time from SIGTERM to exit; Infinity when PID 1 ignores it (killed at the grace period's end). */
  sigtermMs: number;
  run(c: ContainerInput): ProcessPlan;
  /** Listening ports, for probes and traffic (part 2 serves them). */
  ports?: number[];
}
