import https from 'node:https';
import WebSocket from 'ws';
import type { ExecStreams, KubeResponse, KubeTransport, WatchEvent } from '@kubelab/kubectl';

// The kubectl emulation's transport for tests: the cluster's Kubernetes API over HTTPS with a
// kubeconfig token, as the real kubectl reaches it.

export function httpsTransport(port: number, token: string): KubeTransport {
  const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });
  const headers = (extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    ...extra,
  });
  const open = (
    method: string,
    path: string,
    h: Record<string, string>,
    body: string | undefined,
    onResponse: (res: import('node:http').IncomingMessage) => void,
    signal?: AbortSignal,
  ) => {
    const req = https.request(
      { host: '127.0.0.1', port, method, path, agent, headers: h, signal },
      onResponse,
    );
    return { req, body };
  };
  return {
    request(method, path, opts = {}) {
      return new Promise<KubeResponse>((resolve, reject) => {
        const body =
          opts.body === undefined
            ? undefined
            : typeof opts.body === 'string'
              ? opts.body
              : JSON.stringify(opts.body);
        const h = headers({
          accept: opts.accept ?? 'application/json',
          ...(body !== undefined
            ? {
                'content-type': opts.contentType ?? 'application/json',
                'content-length': String(Buffer.byteLength(body)),
              }
            : {}),
        });
        const { req } = open(method, path, h, body, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => {
            let parsed: any;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {}
            resolve({ status: res.statusCode ?? 0, body: parsed, text });
          });
        });
        req.on('error', reject);
        if (body !== undefined) req.write(body);
        req.end();
      });
    },
    watch(path, onEvent, signal, accept) {
      return new Promise<void>((resolve, reject) => {
        const { req } = open(
          'GET',
          path,
          headers({ accept: accept ?? 'application/json' }),
          undefined,
          (res) => {
            let buf = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => {
              buf += d;
              let nl: number;
              while ((nl = buf.indexOf('\n')) >= 0) {
                const line = buf.slice(0, nl).trim();
                buf = buf.slice(nl + 1);
                if (line) onEvent(JSON.parse(line) as WatchEvent);
              }
            });
            res.on('end', () => resolve());
            res.on('error', () => resolve());
          },
          signal,
        );
        req.on('error', (e) => (signal.aborted ? resolve() : reject(e)));
        req.end();
      });
    },
    stream(path, onData, signal) {
      return new Promise<number>((resolve, reject) => {
        const { req } = open(
          'GET',
          path,
          headers({ accept: '*/*' }),
          undefined,
          (res) => {
            res.setEncoding('utf8');
            let text = '';
            res.on('data', (d: string) => {
              if ((res.statusCode ?? 0) < 400) onData(d);
              else text += d;
            });
            res.on('end', () => {
              if ((res.statusCode ?? 0) >= 400) onData(text);
              resolve(res.statusCode ?? 0);
            });
            res.on('error', () => resolve(res.statusCode ?? 0));
          },
          signal,
        );
        req.on('error', (e) => (signal.aborted ? resolve(200) : reject(e)));
        req.end();
      });
    },
    exec(path, io: ExecStreams, signal, stdin) {
      return new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(
          `wss://127.0.0.1:${port}${path}`,
          ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
          {
            headers: headers(),
            rejectUnauthorized: false,
          },
        );
        let code = 0;
        signal.addEventListener('abort', () => ws.close());
        ws.on('open', () => {
          if (stdin !== undefined) {
            ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(stdin)]));
            if (ws.protocol === 'v5.channel.k8s.io') ws.send(Buffer.from([255, 0]));
          }
        });
        ws.on('message', (data: Buffer) => {
          const ch = data[0];
          const text = data.subarray(1).toString('utf8');
          if (ch === 1) io.stdout(text);
          else if (ch === 2) io.stderr(text);
          else if (ch === 3 && text) {
            const st = JSON.parse(text);
            if (st.status !== 'Success') {
              const c = st.details?.causes?.find((x: any) => x.reason === 'ExitCode');
              code = c ? Number(c.message) : 1;
              if (!c && st.message) io.stderr(`${st.message}\n`);
            }
          }
        });
        ws.on('close', () => resolve(code));
        ws.on('error', reject);
      });
    },
  };
}
