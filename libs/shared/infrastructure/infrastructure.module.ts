import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { environment, maintenanceConcurrency, validateEnvironment } from '@config/environment';
import { AuditLog } from './audit/audit-log';
import { dataSourceOptions } from './database/data-source';
import { UnitOfWork } from './database/unit-of-work';
import { Outbox } from './messaging/outbox';
import { DownstreamTraces } from './messaging/traces';
import { Metrics } from './observability/metrics';
import { INTEGRATION_BATCH_CONCURRENCY, INTEGRATION_EVENT_CONCURRENCY, QUEUES, redisOptions } from './queue/queues';
import { RedisConnection } from './queue/redis';

/**
 * Connections per process: one for each job a worker may run at once (each holds one for its transaction), one for
 * the relay and one for probes; the API's requests share as many. A smaller pool makes jobs wait for a connection,
 * and past connectionTimeoutMillis fail and retry.
 */
function databasePoolSize(): number {
  return INTEGRATION_EVENT_CONCURRENCY + INTEGRATION_BATCH_CONCURRENCY + maintenanceConcurrency() + 2;
}

/**
 * What every process of Kompeten shares: configuration, the database, the
 * queues, the buses, and the one way to run a transaction, publish an event
 * and record an audit entry.
 */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment }),
    TypeOrmModule.forRootAsync({
      useFactory: () => ({
        ...dataSourceOptions(environment().DATABASE_URL, { entities: [], migrations: [] }, databasePoolSize()),
        autoLoadEntities: true,
      }),
    }),
    BullModule.forRootAsync({ useFactory: () => ({ connection: redisOptions(environment().REDIS_URL) }) }),
    BullModule.registerQueue({ name: QUEUES.integrationEvents }, { name: QUEUES.integrationEventBatches }, { name: QUEUES.maintenance }),
    JwtModule.registerAsync({
      global: true,
      useFactory: () => ({ secret: environment().JWT_SECRET, signOptions: { expiresIn: environment().JWT_TTL_SECONDS } }),
    }),
    CqrsModule.forRoot(),
    DiscoveryModule,
  ],
  providers: [UnitOfWork, Outbox, DownstreamTraces, AuditLog, Metrics, RedisConnection],
  exports: [UnitOfWork, Outbox, DownstreamTraces, AuditLog, Metrics, RedisConnection, BullModule, JwtModule, CqrsModule, DiscoveryModule],
})
export class InfrastructureModule {}
