import { Command, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { PositionStandardQuery } from '@kompeten/competency-standards/contracts';
import { Actor, InvalidInputError, NotFoundError, RuleViolationError } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { EmployeeSummary, EmployeeSummaryQuery, PositionSummaryQuery } from '@kompeten/workforce/contracts';
import { Assessment, PinnedStandard, ResultEntry } from '../../domain/assessment';
import { AssessmentMethod, AssessmentPurpose } from '../../domain/assessment-policy';
import { AssessmentPolicyProvider } from '../../infrastructure/assessment-policy.provider';
import { AssessmentRepository } from '../../infrastructure/assessment.repository';
import { assessmentView } from '../queries/assessment.queries';
import { assertCanAssess } from '../scope';
import { AssessmentView } from '../views';

export interface NewAssessmentInput {
  employeeId: string;
  purpose: AssessmentPurpose;
  targetPositionId?: string | null;
  method: AssessmentMethod;
  providerName: string;
  providerAccredited: boolean;
  assessorName?: string | null;
  assessedAt: string;
}

export class CreateAssessmentCommand extends Command<AssessmentView> {
  constructor(
    readonly actor: Actor,
    readonly input: NewAssessmentInput,
  ) {
    super();
  }
}
export class RecordResultsCommand extends Command<AssessmentView> {
  constructor(
    readonly actor: Actor,
    readonly assessmentId: string,
    readonly version: number,
    readonly items: ResultEntry[],
  ) {
    super();
  }
}
export class CompleteAssessmentCommand extends Command<AssessmentView> {
  constructor(
    readonly actor: Actor,
    readonly assessmentId: string,
    readonly version?: number,
  ) {
    super();
  }
}

/** The employee and the SKJ an assessment is pinned to, through the other contexts' contracts. */
export async function findEmployee(queries: QueryBus, employeeId: string): Promise<EmployeeSummary> {
  const employee = await queries.execute(new EmployeeSummaryQuery({ id: employeeId }));
  if (!employee || employee.retired) throw new NotFoundError('Employee', employeeId);
  return employee;
}

export async function pinStandard(
  queries: QueryBus,
  employee: EmployeeSummary,
  targetPositionId: string | null | undefined,
): Promise<PinnedStandard> {
  const positionId = targetPositionId ?? employee.positionId;
  const position = await queries.execute(new PositionSummaryQuery({ id: positionId }));
  if (!position || position.retired || position.agencyId !== employee.agencyId) {
    throw InvalidInputError.field('targetPositionId', 'is not a live position of the employee’s agency');
  }
  const standard = await queries.execute(new PositionStandardQuery(positionId));
  if (!standard || standard.status !== 'PUBLISHED')
    throw new RuleViolationError(`Position ${position.code} has no published competency standard (SKJ) to assess against`);
  const pinned: PinnedStandard = {
    positionId,
    version: standard.version,
    items: standard.items.map((i) => ({
      competencyCode: i.competencyCode,
      competencyVersion: i.competencyVersion,
      competencyType: i.competencyType,
      requiredLevel: i.requiredLevel,
    })),
  };
  return pinned;
}

@CommandHandler(CreateAssessmentCommand)
export class CreateAssessmentHandler implements ICommandHandler<CreateAssessmentCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly assessments: AssessmentRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, input }: CreateAssessmentCommand): Promise<AssessmentView> {
    const employee = await findEmployee(this.queries, input.employeeId);
    assertCanAssess(actor, employee.agencyId, employee.id, input.method);
    const pinned = await pinStandard(this.queries, employee, input.targetPositionId);
    const assessment = Assessment.create({
      employeeId: employee.id,
      agencyId: employee.agencyId,
      currentPositionId: employee.positionId,
      purpose: input.purpose,
      targetPositionId: pinned.positionId,
      standard: pinned,
      method: input.method,
      providerName: input.providerName,
      providerAccredited: input.method === 'SELF' ? false : input.providerAccredited,
      assessorName: input.assessorName ?? null,
      assessedAt: new Date(input.assessedAt),
    });
    return this.uow.transaction(async () => {
      await this.assessments.insert(assessment);
      const view = assessmentView(assessment);
      await this.audit.record({
        action: 'assessment.create',
        entityType: 'Assessment',
        entityId: assessment.id,
        agencyId: employee.agencyId,
        after: view,
      });
      return view;
    });
  }
}

@CommandHandler(RecordResultsCommand)
export class RecordResultsHandler implements ICommandHandler<RecordResultsCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly assessments: AssessmentRepository,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, assessmentId, version, items }: RecordResultsCommand): Promise<AssessmentView> {
    return this.uow.transaction(async () => {
      const assessment = await this.assessments.get(assessmentId);
      const s = assessment.state;
      assertCanAssess(actor, s.agencyId, s.employeeId, s.method, 'Assessment', assessmentId);
      const before = assessmentView(assessment);
      assessment.recordResults(items, version);
      const newVersion = await this.assessments.saveResults(assessment, version);
      const after = { ...assessmentView(assessment), version: newVersion };
      await this.audit.record({
        action: 'assessment.record-results',
        entityType: 'Assessment',
        entityId: assessmentId,
        agencyId: s.agencyId,
        before,
        after,
      });
      return after;
    });
  }
}

@CommandHandler(CompleteAssessmentCommand)
export class CompleteAssessmentHandler implements ICommandHandler<CompleteAssessmentCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly assessments: AssessmentRepository,
    private readonly policies: AssessmentPolicyProvider,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, assessmentId, version }: CompleteAssessmentCommand): Promise<AssessmentView> {
    return this.uow.transaction(async () => {
      const assessment = await this.assessments.get(assessmentId, true);
      const s = assessment.state;
      assertCanAssess(actor, s.agencyId, s.employeeId, s.method, 'Assessment', assessmentId);
      const before = assessmentView(assessment);
      const levels = assessment.complete(this.policies.policy, version);
      await this.assessments.saveCompletion(assessment, levels, this.policies.policy.validityYears);
      const after = { ...assessmentView(assessment), version: s.version + 1 };
      await this.audit.record({
        action: 'assessment.complete',
        entityType: 'Assessment',
        entityId: assessmentId,
        agencyId: s.agencyId,
        before,
        after,
      });
      return after;
    });
  }
}
