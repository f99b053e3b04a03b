/**
 * Training effectiveness: for each program, the change in its participants'
 * achieved level in the competencies it develops, from their last official
 * assessment before the training to their first after it. A participant counts
 * when at least one of those competencies was assessed on both sides. Fewer
 * than MINIMUM_PARTICIPANTS participants make the figure meaningless (it is
 * still shown, marked so): one or two people's results say little of a program.
 */
/** The national default of EFFECTIVENESS_MIN_PARTICIPANTS. */
export const MINIMUM_PARTICIPANTS = 5;

export interface LevelPair {
  programId: string;
  employeeId: string;
  competencyCode: string;
  levelBefore: number | null;
  levelAfter: number | null;
}

export interface CompetencyChange {
  competencyCode: string;
  participants: number;
  meanLevelChange: number;
}

export interface Effectiveness {
  programId: string;
  participants: number;
  /** Over every measured (participant, competency) pair; null without any. */
  meanLevelChange: number | null;
  competencies: CompetencyChange[];
  meaningful: boolean;
  minimumParticipants: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function effectiveness(programIds: string[], pairs: LevelPair[], minimumParticipants = MINIMUM_PARTICIPANTS): Effectiveness[] {
  const measuredOf = new Map<string, LevelPair[]>();
  for (const p of pairs) {
    if (p.levelBefore === null || p.levelAfter === null) continue;
    const list = measuredOf.get(p.programId);
    if (list) list.push(p);
    else measuredOf.set(p.programId, [p]);
  }
  return programIds.map((programId) => {
    const mine = measuredOf.get(programId) ?? [];
    const participants = new Set(mine.map((p) => p.employeeId)).size;
    const byCompetency = new Map<string, number[]>();
    for (const p of mine) {
      const deltas = byCompetency.get(p.competencyCode);
      if (deltas) deltas.push(p.levelAfter! - p.levelBefore!);
      else byCompetency.set(p.competencyCode, [p.levelAfter! - p.levelBefore!]);
    }
    const changes = mine.map((p) => p.levelAfter! - p.levelBefore!);
    return {
      programId,
      participants,
      meanLevelChange: changes.length ? round2(changes.reduce((a, b) => a + b, 0) / changes.length) : null,
      competencies: [...byCompetency.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([competencyCode, deltas]) => ({
          competencyCode,
          participants: deltas.length,
          meanLevelChange: round2(deltas.reduce((a, b) => a + b, 0) / deltas.length),
        })),
      meaningful: participants >= minimumParticipants,
      minimumParticipants,
    };
  });
}
