import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QUEUES, redisOptions } from '@kompeten/shared/infrastructure';

/**
 * Each test file is its own scenario: events left unrelayed or jobs left
 * waiting by an earlier file (e.g. the 100,000 EmployeeRegistered events of
 * the import test) are set aside, so they don't delay this file's workers.
 */
export async function resetPipeline(db: DataSource): Promise<void> {
  await db.query(`UPDATE messaging.outbox SET published_at = now() WHERE published_at IS NULL`);
  for (const name of Object.values(QUEUES)) {
    const queue = new Queue(name, { connection: redisOptions(process.env.REDIS_URL!) });
    await queue.obliterate({ force: true });
    await queue.close();
  }
}
