import type { Image } from './image';
import { MiB, at, flag, text } from './util';

// Small web servers from the docs' tutorials: Google's hello-app, hashicorp/http-echo, the
// Apache httpd welcome page, serve_hostname and the HPA walkthrough's php-apache.

export const helloApp: Image = {
  names: ['hello-app', 'hello-go-gke', 'node-hello', 'hello-frontend'],
  repositories: [
    'gcr.io/google-samples/hello-app',
    'us-docker.pkg.dev/google-samples/containers/gke/hello-app',
  ],
  sizeBytes: 11_012_409,
  pullMs: 1_600,
  sigtermMs: 20,
  sigtermExitCode: 2,
  run(c) {
    const port = Number(c.env.PORT ?? 8080);
    const version = /^2/.test(c.ref?.tag ?? '') ? '2.0.0' : '1.0.0';
    const node = c.ref?.name === 'node-hello';
    return {
      logs: [
        {
          afterMs: 0,
          line: node
            ? `Kubernetes Bootcamp App Started At: ${at('iso')} | Running On:  ${c.podName}`
            : `${at('go')} Server listening on port ${port}`,
        },
      ],
      listen: [{ port, protocol: 'http' }],
      memory: { baseBytes: 6 * MiB },
      params: { port, version, node },
    };
  },
  serve(req, ctx) {
    const p = ctx.plan.params ?? {};
    if (req.port !== Number(p.port)) return undefined;
    if (p.node)
      return text(200, `Hello Kubernetes bootcamp! | Running on: ${ctx.hostname} | v=1\n`);
    return text(200, `Hello, world!\nVersion: ${p.version}\nHostname: ${ctx.hostname}\n`);
  },
  accessLog: (req, _res, _t) => `${at('go')} Serving request: ${req.path}`,
};

export const httpEcho: Image = {
  names: ['http-echo'],
  repositories: ['hashicorp/http-echo', 'docker.io/hashicorp/http-echo'],
  sizeBytes: 3_264_416,
  pullMs: 1_200,
  sigtermMs: 20,
  sigtermExitCode: 2,
  run(c) {
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    const listen = flag(argv, 'listen') ?? `:${c.env.ECHO_PORT ?? 5678}`;
    const port = Number(listen.split(':').pop());
    const body = flag(argv, 'text') ?? c.env.ECHO_TEXT;
    if (body === undefined)
      return {
        logs: [{ afterMs: 0, line: 'Missing -text option!', stream: 'stderr' }],
        exit: { afterMs: 2, code: 127 },
      };
    return {
      logs: [{ afterMs: 0, line: `${at('go')} [INFO] server is listening on ${listen}` }],
      listen: [{ port, protocol: 'http' }],
      memory: { baseBytes: 3 * MiB },
      params: { port, text: body },
    };
  },
  serve(req, ctx) {
    const p = ctx.plan.params ?? {};
    if (req.port !== Number(p.port)) return undefined;
    return text(200, `${p.text}\n`);
  },
  accessLog: (req, res) =>
    `${at('go')} ${req.remoteAddr ?? '127.0.0.1'}:45678 "${req.method} ${req.path} HTTP/1.1" ${res.status} ${res.body.length} "${req.userAgent ?? 'curl/8.5.0'}" 31.5µs`,
};

export const httpd: Image = {
  names: ['httpd'],
  sizeBytes: 58_126_400,
  pullMs: 2_500,
  sigtermMs: 200,
  sigtermExitCode: 0,
  shell: 'gnu',
  ports: [80],
  run: () => ({
    logs: [
      `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.1.2. Set the 'ServerName' directive globally to suppress this message`,
      `[${at('clf')}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations`,
      `[${at('clf')}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`,
    ].map((line) => ({ afterMs: 0, line, stream: 'stderr' as const })),
    listen: [{ port: 80, protocol: 'http' }],
    memory: { baseBytes: 5 * MiB },
  }),
  files: () => ({
    '/usr/local/apache2/htdocs/index.html': '<html><body><h1>It works!</h1></body></html>\n',
  }),
  serve(req, ctx) {
    if (req.port !== 80) return undefined;
    const path = req.path.split('?')[0] === '/' ? '/index.html' : req.path.split('?')[0];
    const body = ctx.readFile(`/usr/local/apache2/htdocs${path}`);
    return body === undefined
      ? text(
          404,
          '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n',
        )
      : { status: 200, body, headers: { 'Content-Type': 'text/html' } };
  },
  accessLog: (req, res) =>
    `${req.remoteAddr ?? '127.0.0.1'} - - [${at('clf')}] "${req.method} ${req.path} HTTP/1.1" ${res.status} ${res.body.length}`,
};

export const serveHostname: Image = {
  names: ['serve_hostname'],
  repositories: ['registry.k8s.io/serve_hostname', 'k8s.gcr.io/serve_hostname'],
  sizeBytes: 2_378_240,
  pullMs: 1_100,
  sigtermMs: 20,
  sigtermExitCode: 2,
  run: () => ({
    logs: [{ afterMs: 0, line: `${at('go')} Serving on port 9376.` }],
    listen: [{ port: 9376, protocol: 'http' }],
    memory: { baseBytes: 2 * MiB },
  }),
  serve: (req, ctx) => (req.port === 9376 ? text(200, ctx.hostname) : undefined),
};

/** registry.k8s.io/hpa-example: php-apache whose every request burns CPU ("OK!"). */
export const hpaExample: Image = {
  names: ['hpa-example'],
  repositories: ['registry.k8s.io/hpa-example', 'k8s.gcr.io/hpa-example'],
  sizeBytes: 182_001_221,
  pullMs: 6_000,
  sigtermMs: 200,
  sigtermExitCode: 0,
  run: () => ({
    logs: [
      `AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using 10.244.1.2. Set the 'ServerName' directive globally to suppress this message`,
      `[${at('clf')}] [mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.10 (Debian) PHP/5.6.14 configured -- resuming normal operations`,
    ].map((line) => ({ afterMs: 0, line, stream: 'stderr' as const })),
    listen: [{ port: 80, protocol: 'http' }],
    memory: { baseBytes: 10 * MiB },
    cpuMilli: 1,
  }),
  serve: (req) => (req.port === 80 ? text(200, 'OK!') : undefined),
};
