'use client';

import type { ExecStreams, KubeResponse, KubeTransport, WatchEvent } from '@kubelab/kubectl';
import { refresh } from '../lib/api';

// The terminal's way to the cluster's Kubernetes API from the browser: same origin
// (/k8s/clusters/<id>/…, proxied to the API), the session cookie as credentials, one refresh of
// an expired access token, streams read as they arrive, exec over a WebSocket with kubectl's
// channel protocol.

export function browserTransport(clusterId: string): KubeTransport {
  const base = `/k8s/clusters/${clusterId}`;
  const send = async (
    method: string,
    path: string,
    init: RequestInit,
    retried = false,
  ): Promise<Response> => {
    const r = await fetch(base + path, { ...init, method, credentials: 'same-origin' });
    if (r.status === 401 && !retried && (await refresh())) return send(method, path, init, true);
    return r;
  };
  return {
    async request(method, path, opts = {}): Promise<KubeResponse> {
      const body =
        opts.body === undefined
          ? undefined
          : typeof opts.body === 'string'
            ? opts.body
            : JSON.stringify(opts.body);
      const r = await send(method, path, {
        headers: {
          accept: opts.accept ?? 'application/json',
          ...(body !== undefined ? { 'content-type': opts.contentType ?? 'application/json' } : {}),
        },
        body,
        signal: opts.signal,
      });
      const text = await r.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {}
      return { status: r.status, body: parsed, text };
    },
    async watch(path, onEvent, signal, accept) {
      try {
        const r = await send('GET', path, {
          headers: { accept: accept ?? 'application/json' },
          signal,
        });
        if (!r.body) return;
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (line) onEvent(JSON.parse(line) as WatchEvent);
          }
        }
      } catch (e) {
        if (!signal.aborted) throw e;
      }
    },
    async stream(path, onData, signal) {
      try {
        const r = await send('GET', path, { headers: { accept: '*/*' }, signal });
        if (!r.body) return r.status;
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          onData(value);
        }
        return r.status;
      } catch (e) {
        if (signal.aborted) return 200;
        throw e;
      }
    },
    exec(path, io: ExecStreams, signal, stdin) {
      return new Promise<number>((resolve, reject) => {
        const url = `${location.origin.replace(/^http/, 'ws')}${base}${path}`;
        const ws = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
        ws.binaryType = 'arraybuffer';
        const decoder = new TextDecoder();
        let code = 0;
        signal.addEventListener('abort', () => ws.close());
        ws.onopen = () => {
          if (stdin === undefined) return;
          const data = new TextEncoder().encode(stdin);
          const frame = new Uint8Array(data.length + 1);
          frame.set(data, 1);
          ws.send(frame);
          if (ws.protocol === 'v5.channel.k8s.io') ws.send(new Uint8Array([255, 0]));
        };
        ws.onmessage = (m) => {
          const bytes = new Uint8Array(m.data as ArrayBuffer);
          const text = decoder.decode(bytes.subarray(1));
          if (bytes[0] === 1) io.stdout(text);
          else if (bytes[0] === 2) io.stderr(text);
          else if (bytes[0] === 3 && text) {
            const st = JSON.parse(text);
            if (st.status !== 'Success') {
              const c = st.details?.causes?.find(
                (x: { reason?: string }) => x.reason === 'ExitCode',
              );
              code = c ? Number(c.message) : 1;
              if (!c && st.message) io.stderr(`${st.message}\n`);
            }
          }
        };
        ws.onclose = () => resolve(code);
        ws.onerror = () => reject(new Error('the connection to the container was lost'));
      });
    },
  };
}
