import { processEnvironment, type EnvView } from './env';
import { mountedFiles } from './volumes';

// `kubectl exec` inside a simulated container: a few everyday commands against the container's
// environment and files (mounted ConfigMaps and Secrets, /etc/hosts, ...), and a clear
// "not available in the simulator" for anything else.

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export const EXEC_COMMANDS = [
  'env',
  'printenv',
  'echo',
  'hostname',
  'ls',
  'cat',
  'pwd',
  'whoami',
  'id',
  'date',
  'uname',
  'true',
  'false',
  'sleep',
  'sh -c',
];

function containerFiles(
  view: EnvView,
  pod: any,
  container: any,
  clusterDomain: string,
): Record<string, string> {
  const ns = pod.metadata.namespace;
  const hostname = pod.spec?.hostname ?? pod.metadata.name;
  const fqdn = pod.spec?.subdomain
    ? `${hostname}.${pod.spec.subdomain}.${ns}.svc.${clusterDomain}`
    : '';
  const files: Record<string, string> = {
    '/etc/hostname': `${hostname}\n`,
    '/etc/hosts': `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${pod.status?.podIP ?? ''}\t${fqdn ? `${fqdn}\t` : ''}${hostname}\n`,
    '/etc/resolv.conf': `search ${ns}.svc.${clusterDomain} svc.${clusterDomain} ${clusterDomain}\nnameserver 10.96.0.10\noptions ndots:5\n`,
  };
  if (/(^|\/)nginx(:|@|$)/.test(container.image ?? '')) {
    files['/usr/share/nginx/html/index.html'] =
      '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n';
    files['/usr/share/nginx/html/50x.html'] =
      '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n';
  }
  // Mounted volumes hide what the image had at that path.
  const mounted = mountedFiles(view, pod, container);
  for (const m of container.volumeMounts ?? []) {
    const base = String(m.mountPath).replace(/\/$/, '');
    for (const f of Object.keys(files)) if (f.startsWith(`${base}/`)) delete files[f];
  }
  return { ...files, ...mounted };
}

function listDir(files: Record<string, string>, dir: string): string[] | undefined {
  const d = dir === '/' ? '' : dir.replace(/\/$/, '');
  const names = new Set<string>();
  for (const f of Object.keys(files)) {
    if (!f.startsWith(`${d}/`)) continue;
    names.add(f.slice(d.length + 1).split('/')[0]!);
  }
  if (!names.size) return undefined;
  return [...names].sort();
}

const SPLIT = /(\|\||&&|;|\n)/;

function words(cmd: string, env: Record<string, string>): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"((?:\\.|[^"])*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  const expand = (s: string) =>
    s.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, v) => env[v] ?? '');
  while ((m = re.exec(cmd)))
    out.push(m[1] !== undefined ? m[1] : m[2] !== undefined ? expand(m[2]) : expand(m[3]!));
  return out;
}

export function execInContainer(
  view: EnvView,
  pod: any,
  containerName: string,
  argv: string[],
  now: number,
  clusterDomain = 'cluster.local',
): ExecResult {
  const container = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find(
    (c: any) => c.name === containerName,
  );
  const env = processEnvironment(view, pod, container);
  const files = containerFiles(view, pod, container, clusterDomain);
  let out = '';
  let err = '';
  const run = (a: string[]): number => {
    const [cmd, ...args] = a;
    if (!cmd) return 0;
    const base = cmd.split('/').pop()!;
    switch (base) {
      case 'env':
        if (args.length) return notAvailable(`env ${args.join(' ')}`);
        out += Object.entries(env)
          .map(([k, v]) => `${k}=${v}\n`)
          .join('');
        return 0;
      case 'printenv':
        if (!args.length) {
          out += Object.entries(env)
            .map(([k, v]) => `${k}=${v}\n`)
            .join('');
          return 0;
        }
        for (const k of args) if (env[k] !== undefined) out += `${env[k]}\n`;
        return args.every((k) => env[k] !== undefined) ? 0 : 1;
      case 'echo': {
        const noNewline = args[0] === '-n';
        out += (noNewline ? args.slice(1) : args).join(' ') + (noNewline ? '' : '\n');
        return 0;
      }
      case 'hostname':
        out += `${pod.spec?.hostname ?? pod.metadata.name}\n`;
        return 0;
      case 'pwd':
        out += '/\n';
        return 0;
      case 'whoami':
        out += 'root\n';
        return 0;
      case 'id':
        out += 'uid=0(root) gid=0(root) groups=0(root)\n';
        return 0;
      case 'date':
        out += `${new Date(now)
          .toUTCString()
          .replace('GMT', 'UTC')
          .replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) UTC$/, '$1 $3 $2 $5 UTC $4')}\n`;
        return 0;
      case 'uname':
        out += args.includes('-a')
          ? `Linux ${pod.metadata.name} 6.8.0-1017-gcp #18-Ubuntu SMP x86_64 GNU/Linux\n`
          : 'Linux\n';
        return 0;
      case 'true':
      case 'sleep':
        return 0;
      case 'false':
        return 1;
      case 'ls': {
        const paths = args.filter((x) => !x.startsWith('-'));
        let code = 0;
        for (const p of paths.length ? paths : ['/']) {
          if (files[p] !== undefined) {
            out += `${p}\n`;
            continue;
          }
          const entries = listDir(files, p);
          if (!entries) {
            err += `ls: ${p}: No such file or directory\n`;
            code = 1;
            continue;
          }
          if (paths.length > 1) out += `${p}:\n`;
          out += entries.map((e) => `${e}\n`).join('');
        }
        return code;
      }
      case 'cat': {
        let code = 0;
        for (const p of args) {
          if (files[p] !== undefined) out += files[p];
          else if (listDir(files, p)) {
            err += `cat: read error: Is a directory\n`;
            code = 1;
          } else {
            err += `cat: can't open '${p}': No such file or directory\n`;
            code = 1;
          }
        }
        return code;
      }
      case 'sh':
      case 'bash':
      case 'ash':
        if (args[0] === '-c' && args[1] !== undefined) return script(args[1]);
        return notAvailable(`${base} (interactive shells)`);
      case 'exit':
        return Number(args[0] ?? 0);
      default:
        return notAvailable(base);
    }
  };
  const notAvailable = (what: string) => {
    err += `${what}: not available in the kubelab simulator. Try one of: ${EXEC_COMMANDS.join(', ')}\n`;
    return 127;
  };
  const script = (s: string): number => {
    let code = 0;
    const parts = s.split(SPLIT);
    let op = ';';
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p === ';' || p === '\n' || p === '&&' || p === '||') {
        op = p;
        continue;
      }
      if (!p.trim()) continue;
      if ((op === '&&' && code !== 0) || (op === '||' && code === 0)) continue;
      const w = words(p.trim(), env);
      if (w[0] === 'exit') return Number(w[1] ?? 0);
      code = run(w);
    }
    return code;
  };
  const exitCode = run(argv);
  return { stdout: out, stderr: err, exitCode };
}
