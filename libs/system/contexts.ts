import { MessagingAndAudit1764300000000 } from '@kompeten/shared/infrastructure';
import { WORKFORCE_MIGRATIONS, WorkforceModule, WorkforceWorkerModule } from '@kompeten/workforce';

/** The composition root: every bounded context, its HTTP and worker modules, and its migrations, in order. */
export const API_CONTEXT_MODULES = [WorkforceModule];
export const WORKER_CONTEXT_MODULES = [WorkforceWorkerModule];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ALL_MIGRATIONS: Function[] = [MessagingAndAudit1764300000000, ...WORKFORCE_MIGRATIONS];
