import { Query } from '@nestjs/cqrs';
import type { CompetencyProfileChangedPayload } from './events';

/**
 * Queries other contexts send through the QueryBus (answered in the API and
 * the worker). Not scoped to an actor: the asking context scopes its answer.
 */

export interface LevelsAroundRequest {
  employeeId: string;
  competencyCode: string;
  /** The last official result assessed strictly before this moment… */
  before: string;
  /** …and the first assessed strictly after this one. */
  after: string;
}

export interface LevelsAround extends LevelsAroundRequest {
  levelBefore: number | null;
  levelAfter: number | null;
}

/**
 * Official achieved levels around a moment (e.g. a training): for each request,
 * the level of the last official assessment before `before` and of the first
 * after `after`. Answers one row per request, in order; set-based, one statement.
 */
export class OfficialLevelsAroundQuery extends Query<LevelsAround[]> {
  constructor(readonly requests: LevelsAroundRequest[]) {
    super();
  }
}

/** A stored competency profile as CompetencyProfileChanged last announced it, with when it was computed. */
export interface CompetencyProfileSnapshot extends CompetencyProfileChangedPayload {
  computedAt: string;
}

/**
 * Every stored competency profile, a page at a time by employee id (after
 * `afterEmployeeId`, at most `limit`): for read models that rebuild their copy.
 */
export class CompetencyProfilesPageQuery extends Query<CompetencyProfileSnapshot[]> {
  constructor(readonly page: { afterEmployeeId: string | null; limit: number }) {
    super();
  }
}
