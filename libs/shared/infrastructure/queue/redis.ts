import { Injectable, OnModuleDestroy } from '@nestjs/common';
import IORedis from 'ioredis';
import { environment } from '@config/environment';
import { redisOptions } from './queues';

/** The process's shared Redis client for counters and locks (BullMQ keeps its own connections). */
@Injectable()
export class RedisConnection implements OnModuleDestroy {
  readonly client = new IORedis({ ...redisOptions(environment().REDIS_URL), maxRetriesPerRequest: 3 });

  async onModuleDestroy(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }
}
