import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { EmployeeContact, EmployeeContactsQuery } from '../../contracts/queries';

/** One statement for all the keys; an e-mail shared by several employees is ambiguous and answers none. */
@QueryHandler(EmployeeContactsQuery)
export class EmployeeContactsHandler implements IQueryHandler<EmployeeContactsQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ keys }: EmployeeContactsQuery): Promise<EmployeeContact[]> {
    const nips = keys.nips ?? [];
    const emails = (keys.emails ?? []).map((e) => e.toLowerCase());
    if (nips.length === 0 && emails.length === 0) return [];
    // Two index lookups (the NIP's unique index, lower(email)'s index): never a scan of every employee.
    return this.uow.query<EmployeeContact>(
      `WITH by_email AS MATERIALIZED (
         SELECT e.id, lower(e.email) AS email FROM workforce.employees e WHERE lower(e.email) = ANY($2::text[])
       ), found AS (
         SELECT e.id FROM workforce.employees e WHERE e.nip = ANY($1::bpchar[])
         UNION
         SELECT b.id FROM by_email b WHERE NOT EXISTS (SELECT 1 FROM by_email o WHERE o.email = b.email AND o.id <> b.id)
       )
       SELECT e.id, e.nip, e.name, e.kind, e.agency_id AS "agencyId", e.unit_id AS "unitId", e.position_id AS "positionId",
              e.retired_at IS NOT NULL AS retired, e.email
         FROM found f JOIN workforce.employees e ON e.id = f.id`,
      [nips, emails],
    );
  }
}
