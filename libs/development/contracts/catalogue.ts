import { Query } from '@nestjs/cqrs';
import type { DeliveryMode } from './events';

/** One competency one active program develops, with what one completion credits (by the JP rules in force). */
export interface CatalogueProgramCompetency {
  programId: string;
  programCode: string;
  title: string;
  /** null: a national program (the ministry's). */
  agencyId: string | null;
  deliveryMode: DeliveryMode;
  creditJp: number;
  competencyCode: string;
  targetLevel: number;
}

/**
 * The active programs that develop any of the competencies and are open to an
 * agency: national ones and the agency's own (agencyId null: national ones
 * only). One row per program and competency; set-based, one statement. Not
 * scoped to an actor.
 */
export class CatalogueProgramsQuery extends Query<CatalogueProgramCompetency[]> {
  constructor(
    readonly competencyCodes: string[],
    readonly agencyId: string | null,
  ) {
    super();
  }
}
