import { io, type Socket } from 'socket.io-client';

// A Socket.IO client of the /clusters namespace that records every message it receives, for
// tests (and the benchmarks).

export interface Received {
  channel: string;
  payload: any;
  at: number;
}

export interface LiveClient {
  socket: Socket;
  received: Received[];
  /** Resolves with the first recorded message (from `from` on) that matches. */
  waitFor(pred: (m: Received) => boolean, timeoutMs?: number, from?: number): Promise<Received>;
  subscribe(clusterId: string, resourceVersion?: string): Promise<any>;
  close(): void;
}

export function connectLive(
  origin: string,
  auth: { token?: string },
  opts: { headers?: Record<string, string> } = {},
): Promise<LiveClient> {
  const socket = io(`${origin}/clusters`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: opts.headers,
  });
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  socket.onAny((channel: string, payload: unknown) => {
    received.push({ channel, payload, at: performance.now() });
    for (const w of waiters) w();
  });
  const client: LiveClient = {
    socket,
    received,
    waitFor(pred, timeoutMs = 20_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = from; i < received.length; i++)
            if (pred(received[i]!)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(received[i]!);
              return;
            }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`no matching message within ${timeoutMs} ms (${received.length} received)`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    subscribe(clusterId, resourceVersion) {
      return socket
        .timeout(20_000)
        .emitWithAck('subscribe', resourceVersion ? { clusterId, resourceVersion } : { clusterId });
    },
    close() {
      socket.disconnect();
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (e) => {
      socket.disconnect();
      reject(e);
    });
  });
}
