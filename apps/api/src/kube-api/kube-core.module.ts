import path from 'node:path';
import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@kubelab/platform';
import { createSimulation, type Simulation } from '@kubelab/cluster-sim';
import {
  ChangeFeed,
  ClusterStore,
  ReconcileQueue,
  ensurePlatformTls,
  secretCodec,
  type Database,
  type Redis,
  type TlsMaterial,
} from '@kubelab/server';
import { DATABASE, REDIS } from '../common/tokens';
import { ClusterTokensService } from './cluster-tokens.service';
import { KUBE_ENDPOINT, SIMULATION, TLS } from './kube-tokens';
import { LiveBroadcaster } from '../live/live-broadcaster';

/** Hosts the Kubernetes API's certificate is valid for. */
function tlsHosts(config: AppConfig): string[] {
  const hosts = [
    'localhost',
    '127.0.0.1',
    '::1',
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
  ];
  try {
    hosts.push(new URL(config.publicKubeApiUrl).hostname);
  } catch {}
  return hosts;
}

/**
 * What the Kubernetes API, the REST API's clusters endpoints and the sockets share: the
 * simulation (registry + API server core), the cluster store, the change feed, the reconcile
 * queue and the platform CA.
 */
@Global()
@Module({})
export class KubeCoreModule implements OnApplicationShutdown {
  constructor(
    private readonly feed: ChangeFeed,
    private readonly queue: ReconcileQueue,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    const tls: TlsMaterial = ensurePlatformTls(
      path.resolve(config.DATA_DIR, 'ca'),
      tlsHosts(config),
    );
    const providers = [
      { provide: SIMULATION, useFactory: (): Simulation => createSimulation() },
      { provide: TLS, useValue: tls },
      {
        provide: ClusterStore,
        inject: [DATABASE],
        useFactory: (db: Database) =>
          new ClusterStore(db, secretCodec(config.SECRET_ENCRYPTION_KEYS), 300, tls.caCert),
      },
      {
        provide: ChangeFeed,
        inject: [ClusterStore, REDIS],
        useFactory: (store: ClusterStore, redis: Redis) =>
          new ChangeFeed(config.REDIS_URL, config.REDIS_PREFIX, store, redis),
      },
      {
        provide: ReconcileQueue,
        useFactory: () => new ReconcileQueue(config.REDIS_URL, config.REDIS_PREFIX),
      },
      { provide: KUBE_ENDPOINT, useValue: { url: config.publicKubeApiUrl } },
      ClusterTokensService,
      LiveBroadcaster,
    ];
    return {
      module: KubeCoreModule,
      providers,
      exports: providers.map((p) => ('provide' in p ? p.provide : p)),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feed.close();
    await this.queue.close();
  }
}
