import { Module } from '@nestjs/common';
import { ApiInfrastructureModule, InfrastructureModule } from '@kompeten/shared/infrastructure';
import { API_CONTEXT_MODULES } from '@kompeten/system';

@Module({
  imports: [InfrastructureModule, ApiInfrastructureModule, ...API_CONTEXT_MODULES],
})
export class ApiModule {}
