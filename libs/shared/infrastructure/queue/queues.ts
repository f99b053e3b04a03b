import type { RedisOptions as BullRedisOptions } from 'bullmq';
import IORedis, { RedisOptions } from 'ioredis';

/** Every BullMQ queue Kompeten uses, by name. */
export const QUEUES = {
  /** One job per (integration event, subscriber), enqueued by the outbox relay. */
  integrationEvents: 'integration-events',
  /**
   * Batch subscribers' jobs (many events each, heavy): a queue of their own, worked two at a time, so a fan-out of
   * thousands never takes every core from the rest (the profile recompute that produces them, say).
   */
  integrationEventBatches: 'integration-event-batches',
  /** Periodic and long-running work started by job schedulers or admins. */
  maintenance: 'maintenance',
} as const;

export function redisOptions(url: string): RedisOptions & BullRedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers block on Redis; they must not give up on a slow reply.
    maxRetriesPerRequest: null,
  };
}

export const START_REDIS_HINT =
  "start it with 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no' (or 'docker compose up -d redis'), or set REDIS_URL";

/** Fails fast, naming the address, when Redis cannot be reached. */
export async function ensureRedis(url: string, timeoutMs = 3000): Promise<void> {
  const client = new IORedis({
    ...redisOptions(url),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const u = new URL(url);
    throw new Error(
      `Cannot reach Redis at ${u.hostname}:${u.port || 6379}: ${(error as Error).message.replace(/\.$/, '')}. ${START_REDIS_HINT}`,
    );
  } finally {
    client.disconnect();
  }
}

/** How many single deliveries, and how many batch deliveries, of integration events one worker runs at once. */
export const INTEGRATION_EVENT_CONCURRENCY = 8;
export const INTEGRATION_BATCH_CONCURRENCY = 2;
