import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { environment } from '@config/environment';
import { redisOptions } from './queues';

/** The process's shared Redis client for counters and locks (BullMQ keeps its own connections). */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client = new IORedis({ ...redisOptions(environment().REDIS_URL), maxRetriesPerRequest: 3 });

  // Closed at application shutdown, not module destroy: that comes before the HTTP server stops and the
  // BullMQ workers finish their jobs, which may still count and lock in Redis.
  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }
}
