import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Header, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Public } from '../http/auth';
import { QUEUES } from '../queue/queues';
import { Metrics } from './metrics';

/** Operations endpoints: outside /api/v1 and without a token. */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.integrationEvents) private readonly queue: Queue,
    private readonly metrics: Metrics,
  ) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
    const checks: Record<string, string> = {};
    const timeout = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), 2000))]);
    try {
      await timeout(this.dataSource.query('SELECT 1'));
      checks.database = 'ok';
    } catch (error) {
      checks.database = `down: ${(error as Error).message}`;
    }
    try {
      await timeout(this.queue.getJobCounts('waiting'));
      checks.redis = 'ok';
    } catch (error) {
      checks.redis = `down: ${(error as Error).message}`;
    }
    if (Object.values(checks).some((c) => c !== 'ok')) {
      throw new ServiceUnavailableException(`Not ready: ${JSON.stringify(checks)}`);
    }
    return { status: 'ok', checks };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
