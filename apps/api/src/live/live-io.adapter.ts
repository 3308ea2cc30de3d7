import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '@kubelab/platform';
import { createRedis, type Redis } from '@kubelab/server';

// Socket.IO on the API's HTTP server, with the Redis adapter, so that a message sent to a
// cluster's room by one API process reaches that room's sockets on every process.

export class LiveIoAdapter extends IoAdapter {
  private clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      cors: { origin: this.config.WEB_ORIGIN.split(','), credentials: true },
      // The Kubernetes API's exec also upgrades on this server (/k8s/clusters/…): leave upgrade
      // requests that are not Socket.IO's to it.
      destroyUpgrade: false,
      maxHttpBufferSize: 64 * 1024,
    } as ServerOptions) as Server;
    const pub = createRedis(this.config.REDIS_URL);
    const sub = pub.duplicate();
    this.clients.push(pub, sub);
    server.adapter(createAdapter(pub, sub, { key: `${this.config.REDIS_PREFIX}:socket.io` }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    for (const c of this.clients.splice(0)) c.disconnect();
  }
}
