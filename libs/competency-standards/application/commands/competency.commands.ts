import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { CompetencyType } from '../../contracts/types';
import { checkCode, Competency, competencyContent, CompetencyInput } from '../../domain/competency';
import { assertCanManage, defaultOwner, manageAccess } from '../../domain/ownership';
import { CompetencyRepository } from '../../infrastructure/competency.repository';
import { competencyVersion } from '../../infrastructure/standards-sql';
import { auditChanges } from '../audit';
import { CompetencyView } from '../views';

export interface CompetencyBody {
  name: string;
  type: CompetencyType;
  definition: string;
  /** Absent: the current owner (PUT), else an agency admin's own agency for a technical competency, else national. */
  agencyId?: string | null;
  levels: CompetencyInput['levels'];
}

/**
 * Publishes a competency: `create` makes version 1 (409 when the code is
 * taken); `put` makes version 1 or the next one, and then requires the
 * current version number (`expectedVersion`, 0 or absent for the first; a
 * stale one is 409). Content equal to the current version publishes nothing.
 */
export class PublishCompetencyCommand extends Command<{ view: CompetencyView; created: boolean }> {
  constructor(
    readonly actor: Actor,
    readonly code: string,
    readonly body: CompetencyBody,
    readonly mode: 'create' | 'put',
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

/** The publisher as the version records it. */
export function publisherOf(actor: Actor): string {
  return actor.email;
}

@CommandHandler(PublishCompetencyCommand)
export class PublishCompetencyHandler implements ICommandHandler<PublishCompetencyCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly competencies: CompetencyRepository,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, code, body, mode, expectedVersion }: PublishCompetencyCommand): Promise<{ view: CompetencyView; created: boolean }> {
    const codeErrors = checkCode(code);
    if (codeErrors.length) throw new InvalidInputError(`code: ${codeErrors[0].message}`, codeErrors);
    return this.uow.transaction(async () => {
      const existing = (await this.competencies.loadByCodes([code], true)).get(code);
      if (existing) {
        const owner = existing.state.content.agencyId;
        assertCanManage(actor, { agencyId: owner }, code);
        if (mode === 'create')
          throw new ConflictError(`A competency with code ${code} already exists; PUT /competencies/${code} publishes a new version`);
        const content = competencyContent({ ...body, agencyId: body.agencyId === undefined ? owner : body.agencyId });
        const before = await competencyVersion(this.uow, code);
        if (existing.revise(content, { expectedVersion: expectedVersion ?? 0 })) {
          await this.competencies.saveAll([existing], publisherOf(actor));
          const after = (await competencyVersion(this.uow, code))!;
          await auditChanges(this.audit, 'competency.publish', 'Competency', [{ entityId: existing.id, agencyId: owner, before, after }]);
          return { view: after, created: false };
        }
        return { view: before!, created: false };
      }
      if (expectedVersion) throw new NotFoundError('Competency', code);
      const agencyId = body.type === 'TECHNICAL' ? defaultOwner(actor, body.agencyId) : (body.agencyId ?? null);
      const access = manageAccess(actor, { agencyId });
      if (access === 'hidden') throw new NotFoundError('Agency', String(agencyId));
      if (access === 'read-only') {
        throw new ForbiddenError(
          agencyId === null
            ? 'National competencies belong to the ministry: only a ministry admin creates them'
            : 'Only the agency’s admins create its competencies',
        );
      }
      const content = competencyContent({ ...body, agencyId });
      const lookalike = (await this.competencies.lookalikes([code])).get(code);
      if (lookalike) throw new ConflictError(`Competency ${lookalike} already exists; codes differing only in letter case are not allowed`);
      const competency = Competency.create(code, content);
      await this.competencies.saveAll([competency], publisherOf(actor));
      const view = (await competencyVersion(this.uow, code))!;
      await auditChanges(this.audit, 'competency.create', 'Competency', [{ entityId: competency.id, agencyId, before: null, after: view }]);
      return { view, created: true };
    });
  }
}
