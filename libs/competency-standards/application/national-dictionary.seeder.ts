import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { Competency, competencyContent } from '../domain/competency';
import { NATIONAL_DICTIONARY } from '../domain/national-dictionary';
import { CompetencyRepository } from '../infrastructure/competency.repository';
import { auditChanges } from './audit';

const SEED_LOCK = 7_240_101;

/**
 * Seeds the national dictionary (M.01–M.08, SK.01) at start, once: a code that
 * exists is never touched again, whatever its text, so a restart (or the API
 * and a worker starting together) adds nothing and never overwrites the
 * official text an import published.
 */
@Injectable()
export class NationalDictionarySeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(NationalDictionarySeeder.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly competencies: CompetencyRepository,
    private readonly audit: AuditLog,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = await this.seed();
    if (created.length) this.logger.log(`national competency dictionary seeded: ${created.join(', ')}`);
  }

  /** The codes it created (none when the dictionary is there already). */
  seed(): Promise<string[]> {
    return this.uow.transaction(async () => {
      await this.uow.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      const codes = NATIONAL_DICTIONARY.map((c) => c.code);
      const existing = await this.competencies.loadByCodes(codes);
      const lookalikes = await this.competencies.lookalikes(codes);
      const created = NATIONAL_DICTIONARY.filter((c) => !existing.has(c.code) && !lookalikes.has(c.code)).map((c) =>
        Competency.create(c.code, competencyContent(c), { summary: true }),
      );
      await this.competencies.saveAll(created, 'system');
      await auditChanges(
        this.audit,
        'competency.seed',
        'Competency',
        created.map((c) => ({
          entityId: c.id,
          agencyId: null,
          before: null,
          after: { code: c.code, version: c.state.version, ...c.state.content, summary: true },
        })),
      );
      return created.map((c) => c.code);
    });
  }
}
