// What the server programs of common images answer over HTTP, used until the kubelet's images
// serve requests themselves (src/kubelet/images): nginx serves its html directory (mounted
// ConfigMaps included), httpd "It works!", hpa-example "OK!", http-echo its -text, hello-app and
// echoserver and whoami describe the request. A container answers only while it runs.
import { parseImage } from '../kubelet/images/image';
import { mountedFiles } from '../kubelet/volumes';
import type { ContainerHttpServer, HttpRequestIn, HttpResponseOut, NetworkView } from './context';

const NGINX_VERSION = '1.27.3';

/** nginx's default index.html (615 bytes), as the official image ships it. */
export const NGINX_WELCOME =
  '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href="http://nginx.org/">nginx.org</a>.<br/>\nCommercial support is available at\n<a href="http://nginx.com/">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n';

/** nginx's built-in error page for a status. */
export function nginxErrorPage(
  status: number,
  reason: string,
  server = `nginx/${NGINX_VERSION}`,
): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`;
}

interface Program {
  ports(container: any): number[];
  answer(
    pod: any,
    container: any,
    port: number,
    req: HttpRequestIn,
    view: NetworkView,
  ): HttpResponseOut;
}

const text = (body: string, type = 'text/plain; charset=utf-8'): HttpResponseOut => ({
  status: 200,
  headers: { 'Content-Type': type, 'Content-Length': String(body.length) },
  body,
});

/** The value of a `-flag=value` or `-flag value` argument. */
function arg(container: any, flag: string): string | undefined {
  const argv: string[] = [...(container.command ?? []), ...(container.args ?? [])];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    for (const prefix of [`-${flag}=`, `--${flag}=`])
      if (a.startsWith(prefix)) return a.slice(prefix.length);
    if ((a === `-${flag}` || a === `--${flag}`) && i + 1 < argv.length) return argv[i + 1];
  }
  return undefined;
}

const envPort = (container: any, fallback: number) => {
  const v = (container.env ?? []).find((e: any) => e.name === 'PORT')?.value;
  return v && /^\d+$/.test(v) ? Number(v) : fallback;
};

const nginx: Program = {
  ports: (c) => [parseImage(c.image ?? '').name === 'nginx-unprivileged' ? 8080 : 80],
  answer(pod, c, _port, req, view) {
    const root = '/usr/share/nginx/html';
    const files: Record<string, string> = { [`${root}/index.html`]: NGINX_WELCOME };
    const mounted = mountedFiles(view, pod, c);
    // A volume mounted on the html directory hides the image's own files there.
    if (Object.keys(mounted).some((f) => f.startsWith(`${root}/`)))
      delete files[`${root}/index.html`];
    Object.assign(files, mounted);
    let path = decodeURIComponent(req.path.split('?')[0] || '/');
    if (path.endsWith('/')) path += 'index.html';
    const headers = (type: string, length: number) => ({
      Server: `nginx/${NGINX_VERSION}`,
      'Content-Type': type,
      'Content-Length': String(length),
      Connection: 'keep-alive',
    });
    const body = files[`${root}${path}`];
    if (body === undefined) {
      const page = nginxErrorPage(404, 'Not Found');
      return { status: 404, headers: headers('text/html', page.length), body: page };
    }
    const type = path.endsWith('.html')
      ? 'text/html'
      : path.endsWith('.json')
        ? 'application/json'
        : 'text/plain';
    return {
      status: 200,
      headers: { ...headers(type, body.length), 'Accept-Ranges': 'bytes' },
      body,
    };
  },
};

const PROGRAMS: Record<string, Program> = {
  nginx,
  'nginx-unprivileged': nginx,
  httpd: {
    ports: () => [80],
    answer: () => text('<html><body><h1>It works!</h1></body></html>\n', 'text/html'),
  },
  'hpa-example': { ports: () => [80], answer: () => text('OK!', 'text/html; charset=UTF-8') },
  'http-echo': {
    ports: (c) => [Number((arg(c, 'listen') ?? ':5678').split(':').pop()) || 5678],
    answer: (_p, c) => text(`${arg(c, 'text') ?? 'hello-world'}\n`),
  },
  'hello-app': {
    ports: (c) => [envPort(c, 8080)],
    answer: (pod, c) => {
      const version = /:(\d+\.\d+)/.exec(c.image ?? '')?.[1] ?? '1.0';
      return text(`Hello, world!\nVersion: ${version}.0\nHostname: ${pod.metadata.name}\n`);
    },
  },
  echoserver: {
    ports: () => [8080],
    answer: (pod, _c, port, req) => {
      const host = req.headers.Host ?? req.headers.host ?? '';
      const headers = Object.entries(req.headers)
        .map(([k, v]) => `\t${k.toLowerCase()}=${v}`)
        .join('\n');
      return text(
        `\n\nHostname: ${pod.metadata.name}\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\nRequest Information:\n\tclient_address=${req.remoteAddr}\n\tmethod=${req.method}\n\treal path=${req.path.split('?')[0]}\n\tquery=${req.path.split('?')[1] ?? ''}\n\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://${host}:${port}${req.path}\n\nRequest Headers:\n${headers}\n\nRequest Body:\n\t-no body in request-\n\n`,
      );
    },
  },
  whoami: {
    ports: (c) => [Number(arg(c, 'port')) || 80],
    answer: (pod, _c, _port, req) =>
      text(
        `Hostname: ${pod.metadata.name}\nIP: 127.0.0.1\nIP: ${pod.status?.podIP ?? ''}\nRemoteAddr: ${req.remoteAddr}:40000\n${req.method} ${req.path} HTTP/1.1\n${Object.entries(
          req.headers,
        )
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n')}\n\n`,
      ),
  },
};

/** Images whose servers speak something other than HTTP: a request gets the connection reset. */
const NON_HTTP: Record<string, number[]> = {
  redis: [6379],
  mysql: [3306, 33060],
  mariadb: [3306],
  postgres: [5432],
  mongo: [27017],
  memcached: [11211],
  rabbitmq: [5672],
  zookeeper: [2181],
};

const isRunning = (pod: any, name: string) =>
  (pod.status?.containerStatuses ?? []).some((s: any) => s.name === name && s.state?.running);

/**
 * The default container server: known images answer as above; an unknown image answers on the
 * ports its container declares (the learner's own app, presumably serving them).
 */
export function defaultContainerServer(view: NetworkView): ContainerHttpServer {
  return (pod, container, port, req) => {
    if (!isRunning(pod, container.name)) return undefined;
    const name = parseImage(container.image ?? '').name;
    const program = PROGRAMS[name];
    if (program)
      return program.ports(container).includes(port)
        ? program.answer(pod, container, port, req, view)
        : undefined;
    if (NON_HTTP[name]) return NON_HTTP[name]!.includes(port) ? { status: 0, body: '' } : undefined;
    const declared = (container.ports ?? []).some(
      (p: any) => p.containerPort === port && (p.protocol ?? 'TCP') === 'TCP',
    );
    if (!declared) return undefined;
    return text(
      `<html><body>${pod.metadata.name} (${container.image}) answered on port ${port}</body></html>\n`,
      'text/html',
    );
  };
}
