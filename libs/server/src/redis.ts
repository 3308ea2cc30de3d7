import Redis, { type RedisOptions } from 'ioredis';

export { Redis };

/** A Redis connection. BullMQ workers need maxRetriesPerRequest: null (blocking commands). */
export function createRedis(url: string, opts: RedisOptions = {}): Redis {
  const r = new Redis(url, { lazyConnect: false, enableReadyCheck: true, ...opts });
  r.on('error', () => {}); // reconnects on its own; readiness probes report the outage
  return r;
}
