import { Query } from '@nestjs/cqrs';

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
