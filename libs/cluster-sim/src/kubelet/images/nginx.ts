import type { HttpRequest, HttpResponse, Image, ImageRef, ServeContext } from './image';
import { MiB, at } from './util';

// nginx (docker.io/library/nginx): the entrypoint's start-up lines, then a web server on port
// 80 serving /usr/share/nginx/html (so a ConfigMap or an emptyDir mounted there is what it
// serves), an access-log line per request, a graceful exit on SIGTERM. Debian-based (bash,
// coreutils, curl), or busybox for the -alpine tags.

const LATEST = '1.27.3';

function versionOf(ref?: ImageRef): string {
  const m = /^(\d+\.\d+(?:\.\d+)?)/.exec(ref?.tag ?? '');
  if (!m) return LATEST;
  return m[1]!.split('.').length === 2 ? `${m[1]}.0` : m[1]!;
}

/** Images from 1.19 on run /docker-entrypoint.d scripts and say so. */
function hasEntrypointLogs(v: string): boolean {
  const [maj, min] = v.split('.').map(Number);
  return maj! > 1 || min! >= 19;
}

const ENTRYPOINT_LINES = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
];

const noticeLines = (v: string) => [
  `${at('go')} [notice] 1#1: using the "epoll" event method`,
  `${at('go')} [notice] 1#1: nginx/${v}`,
  `${at('go')} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)`,
  `${at('go')} [notice] 1#1: OS: Linux 6.8.0-1017-gcp`,
  `${at('go')} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
  `${at('go')} [notice] 1#1: start worker processes`,
  `${at('go')} [notice] 1#1: start worker process 29`,
];

export const NGINX_HTML = '/usr/share/nginx/html';

export const NGINX_INDEX =
  '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href="http://nginx.org/">nginx.org</a>.<br/>\nCommercial support is available at\n<a href="http://nginx.com/">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n';

const errorPage = (status: number, text: string, v: string) =>
  `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx/${v}</center>\r\n</body>\r\n</html>\r\n`;

const DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

function serve(req: HttpRequest, ctx: ServeContext): HttpResponse | undefined {
  if (req.port !== 80) return undefined;
  const v = String(ctx.plan.params?.version ?? LATEST);
  const headers = (type: string) => ({ Server: `nginx/${v}`, 'Content-Type': type });
  const path = decodeURIComponent(req.path.split('?')[0] || '/');
  let file = `${NGINX_HTML}${path}`;
  if (ctx.isDir(file)) {
    if (!path.endsWith('/')) {
      return {
        status: 301,
        body: errorPage(301, 'Moved Permanently', v),
        headers: { ...headers('text/html'), Location: `${path}/` },
      };
    }
    file = `${file}index.html`;
  }
  const body = ctx.readFile(file);
  if (body === undefined)
    return { status: 404, body: errorPage(404, 'Not Found', v), headers: headers('text/html') };
  const type = /\.html?$/.test(file)
    ? 'text/html'
    : /\.json$/.test(file)
      ? 'application/json'
      : /\.css$/.test(file)
        ? 'text/css'
        : /\.js$/.test(file)
          ? 'application/javascript'
          : 'text/plain';
  return { status: 200, body: req.method === 'HEAD' ? '' : body, headers: headers(type) };
}

export const nginx: Image = {
  names: ['nginx', 'nginx-unprivileged', 'nginx-slim'],
  repositories: ['registry.k8s.io/nginx', 'registry.k8s.io/nginx-slim'],
  sizeBytes: 72_099_501,
  pullMs: 2_400,
  sigtermMs: 150,
  sigtermExitCode: 0,
  shell: 'gnu',
  commands: ['curl', 'nginx'],
  ports: [80],
  dirs: [
    '/etc/nginx/conf.d',
    NGINX_HTML,
    '/var/log/nginx',
    '/var/cache/nginx',
    '/docker-entrypoint.d',
  ],
  files: ({ ref }) => ({
    [`${NGINX_HTML}/index.html`]: NGINX_INDEX,
    [`${NGINX_HTML}/50x.html`]:
      '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n<p>Sorry, the page you are looking for is currently unavailable.<br/>\nPlease try again later.</p>\n</body>\n</html>\n',
    '/etc/nginx/conf.d/default.conf': DEFAULT_CONF,
    '/etc/nginx/nginx.conf':
      'user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    access_log  /var/log/nginx/access.log  main;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n',
    '/etc/os-release': /alpine/.test(ref?.tag ?? '')
      ? 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n'
      : 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n',
  }),
  run(c) {
    const v = versionOf(c.ref);
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    const base = {
      listen: [{ port: 80, afterMs: 0, protocol: 'http' as const }],
      memory: { baseBytes: 6 * MiB },
      params: { version: v },
    };
    // Its own command line (nginx -g 'daemon off;', the default) runs the server directly.
    const own =
      !argv.length ||
      (c.command === undefined && c.args?.[0] === 'nginx') ||
      (argv[0] === 'nginx' && argv.includes('daemon off;')) ||
      argv[0] === '/docker-entrypoint.sh';
    if (own) {
      const entry = hasEntrypointLogs(v) && !c.command ? ENTRYPOINT_LINES : [];
      const notices = hasEntrypointLogs(v) ? noticeLines(v) : [];
      return {
        ...base,
        logs: [
          ...entry.map((line) => ({ afterMs: 0, line, stream: 'stdout' as const })),
          ...notices.map((line) => ({ afterMs: 2, line, stream: 'stderr' as const })),
        ],
      };
    }
    return { ...base, logs: [], script: { argv } };
  },
  program(argv, ctx) {
    const name = argv[0]!.split('/').pop();
    const v = String(ctx.plan?.params?.version ?? LATEST);
    if (name === 'docker-entrypoint.sh') {
      const rest = argv.slice(1);
      return {
        stdout: ENTRYPOINT_LINES.join('\n') + '\n',
        stderr: rest[0] === 'nginx' ? noticeLines(v).join('\n') + '\n' : '',
        daemon: rest[0] === 'nginx',
      };
    }
    if (name !== 'nginx') return undefined;
    if (argv.includes('-v')) return { stderr: `nginx version: nginx/${v}\n` };
    if (argv.includes('-t'))
      return {
        stderr:
          'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n',
      };
    if (argv.includes('-s')) return { code: 0 };
    return { daemon: true };
  },
  serve,
  accessLog(req, res, t) {
    void t;
    return `${req.remoteAddr ?? '127.0.0.1'} - - [${at('clf')}] "${req.method} ${req.path} HTTP/1.1" ${res.status} ${res.body.length} "-" "${req.userAgent ?? 'curl/8.5.0'}" "-"`;
  },
};
