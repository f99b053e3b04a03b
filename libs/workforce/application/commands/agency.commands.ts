import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, ConflictError } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { AgencyKind } from '../../domain/workforce-kinds';
import { updateVersioned, VIEW_COLUMNS } from '../../infrastructure/workforce-sql';
import { assertAgencyWritable } from '../scope';
import { AgencyView } from '../views';

export class CreateAgencyCommand extends Command<AgencyView> {
  constructor(
    readonly actor: Actor,
    readonly input: { code: string; name: string; kind: AgencyKind },
  ) {
    super();
  }
}

export class UpdateAgencyCommand extends Command<AgencyView> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string,
    readonly input: { version: number; name?: string; kind?: AgencyKind },
  ) {
    super();
  }
}

export class RetireAgencyCommand extends Command<AgencyView> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string,
    readonly version: number,
  ) {
    super();
  }
}

@CommandHandler(CreateAgencyCommand)
export class CreateAgencyHandler implements ICommandHandler<CreateAgencyCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}

  execute({ input }: CreateAgencyCommand): Promise<AgencyView> {
    return this.uow.transaction(async () => {
      const [agency] = await this.uow.query<AgencyView>(
        `INSERT INTO workforce.agencies AS a (code, name, kind) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO NOTHING RETURNING ${VIEW_COLUMNS.agencies}`,
        [input.code, input.name, input.kind],
      );
      if (!agency) throw new ConflictError(`An agency with code ${input.code} already exists`);
      await this.audit.record({ action: 'agency.create', entityType: 'Agency', entityId: agency.id, agencyId: agency.id, after: agency });
      return agency;
    });
  }
}

@CommandHandler(UpdateAgencyCommand)
export class UpdateAgencyHandler implements ICommandHandler<UpdateAgencyCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, agencyId, input }: UpdateAgencyCommand): Promise<AgencyView> {
    assertAgencyWritable(actor, agencyId);
    return this.uow.transaction(async () => {
      const [before] = await this.uow.query<AgencyView>(`SELECT ${VIEW_COLUMNS.agencies} FROM workforce.agencies a WHERE a.id = $1`, [
        agencyId,
      ]);
      const after = await updateVersioned<AgencyView>(this.uow, 'agencies', agencyId, input.version, {
        name: input.name,
        kind: input.kind,
      });
      await this.audit.record({ action: 'agency.update', entityType: 'Agency', entityId: agencyId, agencyId, before, after });
      return after;
    });
  }
}

@CommandHandler(RetireAgencyCommand)
export class RetireAgencyHandler implements ICommandHandler<RetireAgencyCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}

  execute({ agencyId, version }: RetireAgencyCommand): Promise<AgencyView> {
    return this.uow.transaction(async () => {
      const [before] = await this.uow.query<AgencyView>(`SELECT ${VIEW_COLUMNS.agencies} FROM workforce.agencies a WHERE a.id = $1`, [
        agencyId,
      ]);
      const after = await updateVersioned<AgencyView>(this.uow, 'agencies', agencyId, version, {
        retired_at: before?.retiredAt ?? new Date(),
      });
      await this.audit.record({ action: 'agency.retire', entityType: 'Agency', entityId: agencyId, agencyId, before, after });
      return after;
    });
  }
}
