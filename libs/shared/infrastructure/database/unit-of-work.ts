import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

const current = new AsyncLocalStorage<EntityManager>();

/**
 * One way to run a transaction. Nested calls join the outer transaction, so an
 * inbox record, the command it dispatches, the audit entry and the outbox rows
 * commit or roll back together.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  /** The manager of the transaction in progress, or the pool's. */
  get manager(): EntityManager {
    return current.getStore() ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return current.getStore() !== undefined;
  }

  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = current.getStore();
    if (outer) return work(outer);
    return this.dataSource.transaction((manager) => current.run(manager, () => work(manager)));
  }

  /**
   * Plain SQL on the current transaction (or the pool), answering the rows.
   * TypeORM answers an UPDATE or DELETE as [rows, rowCount]; this makes every
   * statement answer its rows alike (those of RETURNING, or none).
   */
  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const result: unknown = await this.manager.query(sql, parameters);
    if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
    return result as T[];
  }
}
