import https from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '@kubelab/platform';
import type { Logger, TlsMaterial } from '@kubelab/server';
import { APP_CONFIG, LOGGER } from '../common/tokens';
import { KubeApiService } from './kube-api.service';
import { KubeAuthService } from './kube-auth.service';
import { KubeExec } from './kube-exec';
import { sendStatus } from './kube-http';
import { KUBE_ENDPOINT, TLS, type KubeEndpoint } from './kube-tokens';

const WEB_PREFIX = /^\/k8s\/clusters\/([0-9a-fA-F-]{36})(\/.*)?$/;

/**
 * Serves every cluster's Kubernetes API: on its own HTTPS port (kubeconfig tokens), and under
 * /k8s/clusters/<id>/ on the REST port for the web lab (the signed-in user's session).
 */
@Injectable()
export class KubeServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: https.Server;
  readonly exec: KubeExec;

  constructor(
    private readonly api: KubeApiService,
    private readonly auth: KubeAuthService,
    @Inject(TLS) private readonly tls: TlsMaterial,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(KUBE_ENDPOINT) private readonly endpoint: KubeEndpoint,
  ) {
    this.exec = new KubeExec(api);
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = https.createServer(
      { cert: this.tls.cert, key: this.tls.key },
      (req, res) => void this.onTlsRequest(req, res),
    );
    server.on(
      'upgrade',
      (req: IncomingMessage, socket: Duplex, head: Buffer) =>
        void this.onTlsUpgrade(req, socket, head),
    );
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.KUBE_API_PORT, this.config.HOST, () => resolve());
    });
    this.server = server;
    const port = (server.address() as AddressInfo).port;
    if (!this.config.PUBLIC_KUBE_API_URL) this.endpoint.url = `https://localhost:${port}`;
    this.log.info({ port }, 'kubernetes api listening');
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server?.closeAllConnections?.();
  }

  get port(): number | undefined {
    return this.server ? (this.server.address() as AddressInfo).port : undefined;
  }

  private async onTlsRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kubelab');
    try {
      const access = await this.auth.byToken(req, this.endpoint.url);
      await this.api.handle(req, res, access, url.pathname, url.search);
    } catch (e) {
      sendStatus(res, e);
    }
  }

  private async onTlsUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kubelab');
    try {
      const access = await this.auth.byToken(req, this.endpoint.url);
      await this.exec.upgrade(req, socket, head, access, url.pathname, url.search);
    } catch {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
    }
  }

  /** Express middleware for /k8s/clusters/<id>/… on the REST port. */
  webHandler() {
    return (
      req: IncomingMessage & { originalUrl?: string },
      res: ServerResponse,
      next: () => void,
    ) => {
      const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://kubelab');
      const m = WEB_PREFIX.exec(url.pathname);
      if (!m) return next();
      void (async () => {
        try {
          const base = `${this.config.publicApiUrl}/k8s/clusters/${m[1]}`;
          const access = await this.auth.byUser(req, m[1]!.toLowerCase(), base);
          await this.api.handle(req, res, access, m[2] ?? '/', url.search);
        } catch (e) {
          sendStatus(res, e);
        }
      })();
    };
  }

  /** Exec over WebSocket on the REST port (the web lab's terminal). */
  attachWebUpgrades(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://kubelab');
      const m = WEB_PREFIX.exec(url.pathname);
      if (!m) return; // not ours (Socket.IO has its own listener)
      void (async () => {
        try {
          const access = await this.auth.byUser(
            req,
            m[1]!.toLowerCase(),
            `${this.config.publicApiUrl}/k8s/clusters/${m[1]}`,
          );
          await this.exec.upgrade(req, socket, head, access, m[2] ?? '/', url.search);
        } catch {
          socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        }
      })();
    });
  }
}
