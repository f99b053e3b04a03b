import { Module } from '@nestjs/common';
import { InfrastructureModule, WorkerInfrastructureModule } from '@kompeten/shared/infrastructure';
import { WORKER_CONTEXT_MODULES } from '@kompeten/system';

@Module({
  imports: [InfrastructureModule, WorkerInfrastructureModule, ...WORKER_CONTEXT_MODULES],
})
export class WorkerModule {}
