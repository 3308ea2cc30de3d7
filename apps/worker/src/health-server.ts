import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readiness } from '@kubelab/server';

/** /healthz (the process is alive) and /readyz (its dependencies answer), as JSON. */
export function startHealthServer(
  port: number,
  host: string,
  readiness: () => Promise<Readiness>,
): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET')
      return send(405, { error: { code: 'method_not_allowed', message: 'GET only' } });
    if (req.url === '/healthz') return send(200, { status: 'ok' });
    if (req.url === '/readyz') {
      const r = await readiness();
      return send(r.ready ? 200 : 503, {
        status: r.ready ? 'ready' : 'not ready',
        checks: r.checks,
      });
    }
    send(404, { error: { code: 'not_found', message: `Cannot ${req.method} ${req.url}` } });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export const portOf = (s: http.Server) => (s.address() as AddressInfo).port;
