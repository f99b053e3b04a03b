import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { environment } from '@config/environment';
import { OfficialLevelsAroundQuery } from '@kompeten/assessment/contracts';
import { ProgramCompletionsQuery } from '@kompeten/development/contracts';
import { effectiveness, Effectiveness, LevelPair } from '../domain/effectiveness';

/**
 * Effectiveness of programs from the other contexts' contracts, set-based:
 * Development's completions (one query for all the programs), then Assessment's
 * official levels before each participant's session and after their completion
 * (one query for every pair), then the domain's computation.
 */
@Injectable()
export class EffectivenessService {
  /** EFFECTIVENESS_MIN_PARTICIPANTS: below it a measured change is shown but called not meaningful. */
  private readonly minimumParticipants = environment().EFFECTIVENESS_MIN_PARTICIPANTS;

  constructor(private readonly queries: QueryBus) {}

  async of(programIds: string[], minimumParticipants = this.minimumParticipants): Promise<Effectiveness[]> {
    if (programIds.length === 0) return [];
    const completions = await this.queries.execute(new ProgramCompletionsQuery(programIds));
    const requests = completions.flatMap((c) =>
      c.competencyCodes.map((competencyCode) => ({
        programId: c.programId,
        employeeId: c.employeeId,
        competencyCode,
        before: c.sessionStartsAt,
        after: c.completedAt,
      })),
    );
    const levels = requests.length
      ? await this.queries.execute(
          new OfficialLevelsAroundQuery(
            requests.map(({ employeeId, competencyCode, before, after }) => ({ employeeId, competencyCode, before, after })),
          ),
        )
      : [];
    const pairs: LevelPair[] = requests.map((r, i) => ({
      programId: r.programId,
      employeeId: r.employeeId,
      competencyCode: r.competencyCode,
      levelBefore: levels[i]?.levelBefore ?? null,
      levelAfter: levels[i]?.levelAfter ?? null,
    }));
    return effectiveness(programIds, pairs, minimumParticipants);
  }
}
