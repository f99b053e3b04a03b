import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuditLogController } from './audit/audit-log.controller';
import { AuthGuard } from './http/auth';
import { ProblemDetailsFilter } from './http/problem.filter';
import { HealthController } from './observability/health.controller';

/** The HTTP side: the token guard, the problem+json filter, health, metrics and the audit log. */
@Module({
  controllers: [HealthController, AuditLogController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class ApiInfrastructureModule {}
