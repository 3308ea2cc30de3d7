import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { StatusError, badRequestError, notFoundError } from '@kubelab/apimachinery';
import {
  chooseContainer,
  execInContainer,
  keepExecWrites,
  parseRequestInfo,
  virtualNow,
} from '@kubelab/cluster-sim';
import type { KubeAccess, KubeApiService } from './kube-api.service';
import { PORT_FORWARD_UNAVAILABLE } from './kube-api.service';

// `kubectl exec` over WebSocket with the channel protocol of kubectl 1.30+ (v5.channel.k8s.io;
// v4 for older clients and @kubernetes/client-node): every frame is binary, its first byte the
// channel (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize); the server ends with one Status on
// channel 3 and closes. Interactive `sh` reads lines from stdin and answers them.

const PROTOCOLS = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
];

function statusFor(exitCode: number) {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [...], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

function rejectUpgrade(socket: Duplex, err: StatusError): void {
  const body = JSON.stringify(err.toStatus());
  socket.end(
    `HTTP/1.1 ${err.code} ${err.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export class KubeExec {
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });

  constructor(private readonly api: KubeApiService) {}

  /** Handles an HTTP upgrade on the Kubernetes API; false when the path is not exec/attach. */
  async upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    access: KubeAccess,
    path: string,
    search: string,
  ): Promise<void> {
    const query = new URLSearchParams(search);
    const info = parseRequestInfo('GET', path, query);
    try {
      if (
        !info.isResourceRequest ||
        info.resource !== 'pods' ||
        !['exec', 'attach', 'portforward'].includes(info.subresource)
      )
        throw notFoundError({ group: '', resource: info.resource || 'unknown' }, info.name);
      if (info.subresource === 'portforward') throw badRequestError(PORT_FORWARD_UNAVAILABLE);
      const snap = await this.api.store.snapshot(access.scope);
      const pod: any = snap.state.get('', 'Pod', info.namespace, info.name);
      if (!pod) throw notFoundError({ group: '', resource: 'pods' }, info.name);
      const container = chooseContainer(pod, query.get('container') ?? undefined);
      const status = (pod.status?.containerStatuses ?? []).find((s: any) => s.name === container);
      if (!status?.state?.running)
        throw badRequestError(`unable to upgrade connection: container not found ("${container}")`);
      const command = query.getAll('command');
      if (info.subresource === 'exec' && !command.length)
        throw badRequestError('you must specify at least 1 command');
      const interactive = query.get('stdin') === 'true';
      const tty = query.get('tty') === 'true';
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const send = (channel: number, text: string) => {
          if (text && ws.readyState === ws.OPEN)
            ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(text, 'utf8')]));
        };
        const finish = (code: number) => {
          send(3, JSON.stringify(statusFor(code)));
          ws.close(1000);
        };
        const run = (argv: string[]) => this.run(access, pod, container, argv);
        const isShell = command.length === 1 && /(^|\/)(sh|bash|ash)$/.test(command[0]!);
        if (info.subresource === 'attach' || (interactive && isShell))
          return this.interactive(ws, tty, send, finish, (line) => run(['sh', '-c', line]));
        run(command).then(
          (r) => {
            send(1, r.stdout);
            send(tty ? 1 : 2, r.stderr);
            finish(r.exitCode);
          },
          (e: Error) => {
            send(2, `${e.message}\n`);
            finish(1);
          },
        );
      });
    } catch (e) {
      rejectUpgrade(socket, e instanceof StatusError ? e : badRequestError((e as Error).message));
    }
  }

  /**
   * One command in the container at the cluster's current state and time (so it sees what the
   * previous command wrote); the files it writes are kept in the cluster, like any other write.
   */
  private async run(access: KubeAccess, pod: any, container: string, argv: string[]) {
    const snap = await this.api.store.snapshot(access.scope);
    const current: any = snap.state.get('', 'Pod', pod.metadata.namespace, pod.metadata.name);
    if (!current || current.metadata.uid !== pod.metadata.uid)
      return { stdout: '', stderr: 'error: the pod is gone\n', exitCode: 137 };
    const at = virtualNow(snap.cluster.clock, Date.now());
    const domain = snap.cluster.profile.clusterDomain;
    const r = execInContainer(snap.state, current, container, argv, at, domain);
    if (r.writes?.length) {
      const { changes, cluster } = await this.api.store.write(access.scope, (state, c) => {
        const p = state.get('', 'Pod', pod.metadata.namespace, pod.metadata.name);
        if (p?.metadata.uid !== pod.metadata.uid) return;
        keepExecWrites(
          this.api.sim.core,
          state,
          p,
          container,
          r.writes,
          virtualNow(c.clock, Date.now()),
        );
      });
      await this.api.afterWrite(access.scope, changes.length, cluster.resourceVersion);
    }
    return r;
  }

  /** A line-at-a-time shell on stdin: what `kubectl exec -it pod -- sh` gives a learner. */
  private interactive(
    ws: WebSocket,
    tty: boolean,
    send: (c: number, t: string) => void,
    finish: (code: number) => void,
    run: (line: string) => Promise<{ stdout: string; stderr: string; exitCode: number }>,
  ) {
    const prompt = '/ # ';
    let line = '';
    let last = 0;
    const nl = tty ? '\r\n' : '\n';
    if (tty) send(1, prompt);
    // Frames are handled one after another: a command finishes (and its writes land) before
    // the next line runs.
    let queue = Promise.resolve();
    ws.on('message', (data: Buffer) => {
      queue = queue.then(() => handle(data)).catch(() => finish(1));
    });
    const handle = async (data: Buffer) => {
      const channel = data[0];
      if (channel === 255) {
        // Client closed stdin: run what is left and end.
        if (line.trim()) last = (await run(line)).exitCode;
        return finish(last);
      }
      if (channel !== 0) return;
      for (const ch of data.subarray(1).toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          if (tty) send(1, nl);
          const cmd = line.trim();
          line = '';
          if (cmd === 'exit' || cmd.startsWith('exit '))
            return finish(Number(cmd.split(/\s+/)[1] ?? last) || 0);
          if (cmd) {
            const r = await run(cmd);
            last = r.exitCode;
            send(1, tty ? r.stdout.replace(/\n/g, '\r\n') : r.stdout);
            send(tty ? 1 : 2, tty ? r.stderr.replace(/\n/g, '\r\n') : r.stderr);
          }
          if (tty) send(1, prompt);
        } else if (ch === '\u0003') {
          line = '';
          if (tty) send(1, `^C${nl}${prompt}`);
        } else if (ch === '\u0004') {
          return finish(last);
        } else if (ch === '\u007f' || ch === '\b') {
          if (line) {
            line = line.slice(0, -1);
            if (tty) send(1, '\b \b');
          }
        } else {
          line += ch;
          if (tty) send(1, ch);
        }
      }
    };
  }
}
