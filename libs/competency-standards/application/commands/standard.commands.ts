import { Command, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { Actor, InvalidInputError, NotFoundError, RuleViolationError } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { composeItems, StandardItemInput } from '../../domain/position-standard';
import { PositionStandardRepository } from '../../infrastructure/standard.repository';
import { standardViews } from '../../infrastructure/standards-sql';
import { auditChanges } from '../audit';
import { canWritePosition, findPosition } from '../positions';
import { StandardView } from '../views';
import { publisherOf } from './competency.commands';

/**
 * Publishes the next version of a position's standard (SKJ), pinned to the
 * current version of each competency it cites. `expectedVersion` is the
 * version the writer read (0 or absent for the first); a stale one is 409.
 * Items equal to the current version's publish nothing.
 */
export class PublishPositionStandardCommand extends Command<StandardView> {
  constructor(
    readonly actor: Actor,
    readonly positionId: string,
    readonly items: StandardItemInput[],
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

@CommandHandler(PublishPositionStandardCommand)
export class PublishPositionStandardHandler implements ICommandHandler<PublishPositionStandardCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly standards: PositionStandardRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, positionId, items: inputs, expectedVersion }: PublishPositionStandardCommand): Promise<StandardView> {
    const position = await findPosition(this.queries, positionId);
    if (!position || !canWritePosition(actor, position)) throw new NotFoundError('Position', positionId);
    if (position.retired) throw new RuleViolationError(`Position ${position.code} is retired; its standard no longer changes`);
    return this.uow.transaction(async () => {
      const standard = (await this.standards.loadMany([position], true)).get(position.id)!;
      standard.expectVersion(expectedVersion ?? 0);
      const catalogue = await this.standards.catalogue(inputs.map((i) => i.competencyCode));
      const { items, errors } = composeItems(inputs, catalogue, position.agencyId);
      if (errors.length) throw new InvalidInputError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
      const before = standard.storedVersion ? (await standardViews(this.uow, [{ positionId, version: standard.storedVersion }]))[0] : null;
      if (!standard.publish(items)) return before!;
      await this.standards.saveAll([standard], publisherOf(actor));
      const [after] = await standardViews(this.uow, [{ positionId, version: standard.state.version }]);
      await auditChanges(this.audit, 'position-standard.publish', 'PositionStandard', [
        { entityId: positionId, agencyId: position.agencyId, before, after: { ...after, changes: standard.changes } },
      ]);
      return after;
    });
  }
}
