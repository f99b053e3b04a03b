import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Actor, NotFoundError } from '@kompeten/shared/kernel';
import { keyset, Page, PageRequest, pageOf, UnitOfWork, whereEquals, whereSql } from '@kompeten/shared/infrastructure';
import { PositionStandardQuery } from '@kompeten/competency-standards/contracts';
import { EmployeeSummaryQuery } from '@kompeten/workforce/contracts';
import { Assessment } from '../../domain/assessment';
import { AssessmentRepository } from '../../infrastructure/assessment.repository';
import { ProfileItemColumns, profileItems, ProfileProjector } from '../../infrastructure/profile-projector';
import { assertCanRead } from '../scope';
import { AssessmentView, CompetencyProfileView } from '../views';

export function assessmentView(assessment: Assessment): AssessmentView {
  const s = assessment.state;
  return {
    id: s.id,
    employeeId: s.employeeId,
    agencyId: s.agencyId,
    purpose: s.purpose,
    targetPositionId: s.targetPositionId,
    standardVersion: s.standard.version,
    standardItems: s.standard.items,
    method: s.method,
    providerName: s.providerName,
    providerAccredited: s.providerAccredited,
    official: assessment.official,
    assessorName: s.assessorName,
    assessedAt: s.assessedAt.toISOString(),
    status: s.status,
    results: s.results,
    version: s.version,
    completedAt: s.completedAt ? s.completedAt.toISOString() : null,
  };
}

export class GetAssessmentQuery extends Query<AssessmentView> {
  constructor(
    readonly actor: Actor,
    readonly assessmentId: string,
  ) {
    super();
  }
}
export class ListAssessmentsQuery extends Query<Page<AssessmentView>> {
  constructor(
    readonly actor: Actor,
    readonly filter: PageRequest & { employeeId?: string; agencyId?: string; status?: string; purpose?: string },
  ) {
    super();
  }
}
export class GetCompetencyProfileQuery extends Query<CompetencyProfileView> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
  ) {
    super();
  }
}

@QueryHandler(GetAssessmentQuery)
export class GetAssessmentHandler implements IQueryHandler<GetAssessmentQuery> {
  constructor(private readonly assessments: AssessmentRepository) {}
  async execute({ actor, assessmentId }: GetAssessmentQuery): Promise<AssessmentView> {
    const assessment = await this.assessments.get(assessmentId);
    assertCanRead(actor, assessment.state.agencyId, assessment.state.employeeId, 'Assessment', assessmentId);
    return assessmentView(assessment);
  }
}

@QueryHandler(ListAssessmentsQuery)
export class ListAssessmentsHandler implements IQueryHandler<ListAssessmentsQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, filter }: ListAssessmentsQuery): Promise<Page<AssessmentView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (actor.role === 'EMPLOYEE') whereEquals('a.employee_id', actor.employeeId, where, params);
    else if (actor.role === 'AGENCY_ADMIN') whereEquals('a.agency_id', actor.agencyId, where, params);
    else if (actor.role === 'ASSESSOR') {
      params.push(actor.assessorAgencyIds);
      where.push(`a.agency_id = ANY($${params.length}::uuid[])`);
    }
    whereEquals('a.employee_id', filter.employeeId, where, params);
    whereEquals('a.agency_id', filter.agencyId, where, params);
    whereEquals('a.status', filter.status, where, params);
    whereEquals('a.purpose', filter.purpose, where, params);
    const page = keyset('a', filter, where, params);
    const rows = await this.uow.query<AssessmentView & { id: string }>(
      `SELECT a.id, a.employee_id AS "employeeId", a.agency_id AS "agencyId", a.purpose, a.target_position_id AS "targetPositionId",
              a.standard_version AS "standardVersion", a.standard_items AS "standardItems", a.method, a.provider_name AS "providerName",
              a.provider_accredited AS "providerAccredited", a.official, a.assessor_name AS "assessorName", a.assessed_at AS "assessedAt",
              a.status, a.results, a.version, a.completed_at AS "completedAt"
         FROM assessment.assessments a ${whereSql(where)} ${page.sql}`,
      params,
    );
    return pageOf(rows, page.limit);
  }
}

@QueryHandler(GetCompetencyProfileQuery)
export class GetCompetencyProfileHandler implements IQueryHandler<GetCompetencyProfileQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly projector: ProfileProjector,
  ) {}

  async execute({ actor, employeeId }: GetCompetencyProfileQuery): Promise<CompetencyProfileView> {
    const employee = await this.queries.execute(new EmployeeSummaryQuery({ id: employeeId }));
    if (!employee) throw new NotFoundError('Employee', employeeId);
    assertCanRead(actor, employee.agencyId, employeeId);
    let profile = await this.read(employeeId);
    if (!profile) {
      // Not projected yet (the event is on its way): compute it now; the projection is idempotent.
      await this.projector.recompute([employeeId]);
      profile = await this.read(employeeId);
    }
    if (!profile) throw new NotFoundError('Competency profile of employee', employeeId);
    return this.withNames(profile);
  }

  /** Each item's competency name, from the standard version the profile was computed against. */
  private async withNames(profile: CompetencyProfileView): Promise<CompetencyProfileView> {
    const standard = await this.queries.execute(
      new PositionStandardQuery(profile.positionId, { version: profile.standardVersion || undefined, draftWhenNone: true }),
    );
    const names = new Map((standard?.items ?? []).map((i) => [i.competencyCode, i.competencyName]));
    return { ...profile, items: profile.items.map((i) => ({ ...i, competencyName: names.get(i.competencyCode) ?? null })) };
  }

  private async read(employeeId: string): Promise<CompetencyProfileView | undefined> {
    const [row] = await this.uow.query<Omit<CompetencyProfileView, 'items'> & { jpm: string | null; items: ProfileItemColumns }>(
      `SELECT employee_id AS "employeeId", position_id AS "positionId", standard_version AS "standardVersion", jpm, category, purpose,
              reassessment_due AS "reassessmentDue", computed_at AS "computedAt", items
         FROM assessment.competency_profiles WHERE employee_id = $1`,
      [employeeId],
    );
    return row ? { ...row, jpm: row.jpm === null ? null : Number(row.jpm), items: profileItems(row.items) } : undefined;
  }
}

export const ASSESSMENT_QUERY_HANDLERS = [GetAssessmentHandler, ListAssessmentsHandler, GetCompetencyProfileHandler];
