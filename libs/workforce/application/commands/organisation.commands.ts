import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, ConflictError, InvalidInputError, NotFoundError } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { FunctionalGrade, PositionKind } from '../../domain/workforce-kinds';
import { updateVersioned, VIEW_COLUMNS } from '../../infrastructure/workforce-sql';
import { assertAgencyWritable } from '../scope';
import { OrgUnitView, PositionView } from '../views';

// ---------- org units ----------
export class CreateOrgUnitCommand extends Command<OrgUnitView> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string,
    readonly input: { code: string; name: string; parentId?: string | null },
  ) {
    super();
  }
}
export class UpdateOrgUnitCommand extends Command<OrgUnitView> {
  constructor(
    readonly actor: Actor,
    readonly unitId: string,
    readonly input: { version: number; name?: string; parentId?: string | null },
  ) {
    super();
  }
}
export class RetireOrgUnitCommand extends Command<OrgUnitView> {
  constructor(
    readonly actor: Actor,
    readonly unitId: string,
    readonly version: number,
  ) {
    super();
  }
}

// ---------- positions ----------
export interface PositionInput {
  code: string;
  name: string;
  kind: PositionKind;
  functionalGrade?: FunctionalGrade | null;
  agencyId: string;
}
export class CreatePositionCommand extends Command<PositionView> {
  constructor(
    readonly actor: Actor,
    readonly input: PositionInput,
  ) {
    super();
  }
}
export class UpdatePositionCommand extends Command<PositionView> {
  constructor(
    readonly actor: Actor,
    readonly positionId: string,
    readonly input: { version: number; name?: string; kind?: PositionKind; functionalGrade?: FunctionalGrade | null },
  ) {
    super();
  }
}
export class RetirePositionCommand extends Command<PositionView> {
  constructor(
    readonly actor: Actor,
    readonly positionId: string,
    readonly version: number,
  ) {
    super();
  }
}

/** A functional position has a jenjang; other kinds have none. */
function checkGrade(kind: PositionKind, grade: FunctionalGrade | null | undefined): void {
  if (kind === 'FUNGSIONAL' && !grade) throw InvalidInputError.field('functionalGrade', 'is required for a FUNGSIONAL position');
  if (kind !== 'FUNGSIONAL' && grade) throw InvalidInputError.field('functionalGrade', 'applies only to FUNGSIONAL positions');
}

async function loadUnit(uow: UnitOfWork, actor: Actor, unitId: string): Promise<OrgUnitView> {
  const [unit] = await uow.query<OrgUnitView>(`SELECT ${VIEW_COLUMNS.org_units} FROM workforce.org_units u WHERE u.id = $1`, [unitId]);
  if (!unit) throw new NotFoundError('Org unit', unitId);
  assertAgencyWritable(actor, unit.agencyId, 'Org unit', unitId);
  return unit;
}

async function loadPosition(uow: UnitOfWork, actor: Actor, positionId: string): Promise<PositionView> {
  const [position] = await uow.query<PositionView>(`SELECT ${VIEW_COLUMNS.positions} FROM workforce.positions p WHERE p.id = $1`, [
    positionId,
  ]);
  if (!position) throw new NotFoundError('Position', positionId);
  assertAgencyWritable(actor, position.agencyId, 'Position', positionId);
  return position;
}

/** The parent must be a live unit of the same agency, and not the unit itself or one below it. */
async function checkParent(uow: UnitOfWork, agencyId: string, parentId: string | null | undefined, unitId?: string): Promise<void> {
  if (!parentId) return;
  const [parent] = await uow.query<{ agency_id: string }>(
    `SELECT agency_id FROM workforce.org_units WHERE id = $1 AND retired_at IS NULL`,
    [parentId],
  );
  if (!parent || parent.agency_id !== agencyId) throw InvalidInputError.field('parentId', 'is not a unit of this agency');
  if (!unitId) return;
  const cycle = await uow.query(
    `WITH RECURSIVE up AS (SELECT id, parent_id FROM workforce.org_units WHERE id = $1
       UNION ALL SELECT u.id, u.parent_id FROM workforce.org_units u JOIN up ON u.id = up.parent_id)
     SELECT 1 FROM up WHERE id = $2`,
    [parentId, unitId],
  );
  if (cycle.length) throw InvalidInputError.field('parentId', 'would make the unit its own ancestor');
}

@CommandHandler(CreateOrgUnitCommand)
export class CreateOrgUnitHandler implements ICommandHandler<CreateOrgUnitCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}
  execute({ actor, agencyId, input }: CreateOrgUnitCommand): Promise<OrgUnitView> {
    assertAgencyWritable(actor, agencyId);
    return this.uow.transaction(async () => {
      const [agency] = await this.uow.query(`SELECT 1 FROM workforce.agencies WHERE id = $1 AND retired_at IS NULL`, [agencyId]);
      if (!agency) throw new NotFoundError('Agency', agencyId);
      await checkParent(this.uow, agencyId, input.parentId);
      const [unit] = await this.uow.query<OrgUnitView>(
        `INSERT INTO workforce.org_units AS u (agency_id, parent_id, code, name) VALUES ($1, $2, $3, $4)
         ON CONFLICT (agency_id, code) DO NOTHING RETURNING ${VIEW_COLUMNS.org_units}`,
        [agencyId, input.parentId ?? null, input.code, input.name],
      );
      if (!unit) throw new ConflictError(`The agency already has a unit with code ${input.code}`);
      await this.audit.record({ action: 'org-unit.create', entityType: 'OrgUnit', entityId: unit.id, agencyId, after: unit });
      return unit;
    });
  }
}

@CommandHandler(UpdateOrgUnitCommand)
export class UpdateOrgUnitHandler implements ICommandHandler<UpdateOrgUnitCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}
  execute({ actor, unitId, input }: UpdateOrgUnitCommand): Promise<OrgUnitView> {
    return this.uow.transaction(async () => {
      const before = await loadUnit(this.uow, actor, unitId);
      if (input.parentId !== undefined) await checkParent(this.uow, before.agencyId, input.parentId, unitId);
      const after = await updateVersioned<OrgUnitView>(this.uow, 'org_units', unitId, input.version, {
        name: input.name,
        parent_id: input.parentId,
      });
      await this.audit.record({
        action: 'org-unit.update',
        entityType: 'OrgUnit',
        entityId: unitId,
        agencyId: before.agencyId,
        before,
        after,
      });
      return after;
    });
  }
}

@CommandHandler(RetireOrgUnitCommand)
export class RetireOrgUnitHandler implements ICommandHandler<RetireOrgUnitCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}
  execute({ actor, unitId, version }: RetireOrgUnitCommand): Promise<OrgUnitView> {
    return this.uow.transaction(async () => {
      const before = await loadUnit(this.uow, actor, unitId);
      const busy = await this.uow.query(
        `SELECT 1 FROM workforce.org_units WHERE parent_id = $1 AND retired_at IS NULL
         UNION ALL SELECT 1 FROM workforce.employees WHERE unit_id = $1 AND retired_at IS NULL LIMIT 1`,
        [unitId],
      );
      if (busy.length && !before.retiredAt) throw new ConflictError('The unit still has live sub-units or employees; move them first');
      const after = await updateVersioned<OrgUnitView>(this.uow, 'org_units', unitId, version, {
        retired_at: before.retiredAt ?? new Date(),
      });
      await this.audit.record({
        action: 'org-unit.retire',
        entityType: 'OrgUnit',
        entityId: unitId,
        agencyId: before.agencyId,
        before,
        after,
      });
      return after;
    });
  }
}

@CommandHandler(CreatePositionCommand)
export class CreatePositionHandler implements ICommandHandler<CreatePositionCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}
  execute({ actor, input }: CreatePositionCommand): Promise<PositionView> {
    assertAgencyWritable(actor, input.agencyId);
    checkGrade(input.kind, input.functionalGrade);
    return this.uow.transaction(async () => {
      const [agency] = await this.uow.query(`SELECT 1 FROM workforce.agencies WHERE id = $1 AND retired_at IS NULL`, [input.agencyId]);
      if (!agency) throw new NotFoundError('Agency', input.agencyId);
      const [position] = await this.uow.query<PositionView>(
        `INSERT INTO workforce.positions AS p (agency_id, code, name, kind, functional_grade) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO NOTHING RETURNING ${VIEW_COLUMNS.positions}`,
        [input.agencyId, input.code, input.name, input.kind, input.functionalGrade ?? null],
      );
      if (!position) throw new ConflictError(`A position with code ${input.code} already exists`);
      await this.audit.record({
        action: 'position.create',
        entityType: 'Position',
        entityId: position.id,
        agencyId: input.agencyId,
        after: position,
      });
      return position;
    });
  }
}

@CommandHandler(UpdatePositionCommand)
export class UpdatePositionHandler implements ICommandHandler<UpdatePositionCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}
  execute({ actor, positionId, input }: UpdatePositionCommand): Promise<PositionView> {
    return this.uow.transaction(async () => {
      const before = await loadPosition(this.uow, actor, positionId);
      const kind = input.kind ?? before.kind;
      const grade = input.functionalGrade !== undefined ? input.functionalGrade : kind === 'FUNGSIONAL' ? before.functionalGrade : null;
      checkGrade(kind, grade);
      const after = await updateVersioned<PositionView>(this.uow, 'positions', positionId, input.version, {
        name: input.name,
        kind: input.kind,
        functional_grade: grade,
      });
      await this.audit.record({
        action: 'position.update',
        entityType: 'Position',
        entityId: positionId,
        agencyId: before.agencyId,
        before,
        after,
      });
      return after;
    });
  }
}

@CommandHandler(RetirePositionCommand)
export class RetirePositionHandler implements ICommandHandler<RetirePositionCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}
  execute({ actor, positionId, version }: RetirePositionCommand): Promise<PositionView> {
    return this.uow.transaction(async () => {
      const before = await loadPosition(this.uow, actor, positionId);
      const held = await this.uow.query(`SELECT 1 FROM workforce.employees WHERE position_id = $1 AND retired_at IS NULL LIMIT 1`, [
        positionId,
      ]);
      if (held.length && !before.retiredAt) throw new ConflictError('The position is still held by employees; move them first');
      const after = await updateVersioned<PositionView>(this.uow, 'positions', positionId, version, {
        retired_at: before.retiredAt ?? new Date(),
      });
      await this.audit.record({
        action: 'position.retire',
        entityType: 'Position',
        entityId: positionId,
        agencyId: before.agencyId,
        before,
        after,
      });
      return after;
    });
  }
}
