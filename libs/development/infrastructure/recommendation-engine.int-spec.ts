import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { jpYearOf } from '../domain/calendar';
import { DEFAULT_JP_RULES } from '../domain/jp-rules';
import type { DevelopmentPolicy } from './development-policy.provider';
import { RECOMMENDATIONS_SQL, recommendationParams } from './recommendation-engine';

const POLICY = { jpRules: DEFAULT_JP_RULES, requiredJp: 20 } as DevelopmentPolicy;

/**
 * The scoring statement alone, in PostgreSQL (no HTTP, no worker), on a
 * hand-built set of rows for one employee, in a transaction rolled back:
 * each term of domain/recommendation-scoring.ts, the exclusions, three per
 * gap, and items in score order (gaps from the largest, equal gaps by code).
 */
describe('RECOMMENDATIONS_SQL', () => {
  let db: Client;
  const run = Math.random().toString(36).slice(2, 7).toUpperCase();
  const [C1, C2, C3] = [1, 2, 3].map((n) => `SCORE.${run}.${n}`);
  const employee = randomUUID();
  const agency = randomUUID();
  const otherAgency = randomUUID();
  const now = new Date();
  const day = 24 * 3600 * 1000;
  const program = new Map<string, string>();

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(() => db.end());

  async function addProgram(name: string, competency: string, target: number, options: { jp?: number; agencyId?: string } = {}) {
    const id = randomUUID();
    program.set(name, id);
    await db.query(
      `INSERT INTO development.programs (id, code, title, delivery_mode, provider, jp, max_class_size, agency_id)
       VALUES ($1, $2, $3, 'CLASSROOM', 'LAN', $4, 30, $5)`,
      [id, `S${run}-${name}`, `Pelatihan ${name}`, options.jp ?? 20, options.agencyId ?? null],
    );
    await db.query(
      `INSERT INTO development.program_competencies (program_id, competency_code, target_level, ordinal) VALUES ($1, $2, $3, 1)`,
      [id, competency, target],
    );
    return id;
  }

  async function addSession(programId: string, inDays: number, seatsTaken: number): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO development.sessions (id, program_id, starts_at, ends_at, capacity, location, enrolment_deadline, status, seats_taken)
       VALUES ($1, $2, $3, $4, 10, 'Jakarta', $3, 'SCHEDULED', $5)`,
      [id, programId, new Date(now.getTime() + inDays * day), new Date(now.getTime() + (inDays + 1) * day), seatsTaken],
    );
    return id;
  }

  it('scores each term, leaves out what is taken or not open, keeps three per gap, and ranks by score', async () => {
    await db.query('BEGIN');
    try {
      // One employee of `agency`: 15 JP this year (shortfall 5 of 20); C1 at 1 of 4, C2 at 2 of 3, C3 at 1 of 2.
      await db.query(
        `INSERT INTO development.employee_profiles (employee_id, agency_id, position_id, standard_version, occurred_at) VALUES ($1, $2, $2, 1, now())`,
        [employee, agency],
      );
      await db.query(
        `INSERT INTO development.employee_gaps (employee_id, competency_code, competency_type, required_level, achieved_level, gap)
         VALUES ($1, $2, 'TECHNICAL', 4, 1, -3), ($1, $3, 'TECHNICAL', 3, 2, -1), ($1, $4, 'TECHNICAL', 2, 1, -1)`,
        [employee, C1, C2, C3],
      );
      await db.query(
        `INSERT INTO development.jp_ledger (id, employee_id, agency_id, year, jp, source, source_id) VALUES ($1, $2, $3, $4, 15, 'RECORD', $1)`,
        [randomUUID(), employee, agency, jpYearOf(now)],
      );
      // C1: P1 reaches at 4, P2 reaches at 5, P3 stops at 3, P4 reaches at 4 crediting 4 JP only; P5 is taken, P6 another agency's.
      await addProgram('P1', C1, 4);
      await addProgram('P2', C1, 5);
      await addProgram('P3', C1, 3);
      await addProgram('P4', C1, 4, { jp: 4 });
      const taken = await addProgram('P5', C1, 4);
      await addProgram('P6', C1, 4, { agencyId: otherAgency });
      const held = await addSession(taken, 200, 0);
      await db.query(
        `INSERT INTO development.enrolments (id, session_id, program_id, employee_id, agency_id, status, enrolled_by, enrolled_at)
         VALUES ($1, $2, $3, $4, $5, 'ENROLLED', 'SELF', now())`,
        [randomUUID(), held, taken, employee, agency],
      );
      // C2: Q1 with a free seat in 10 days, Q2 with a full session, Q3 well evaluated (4 × 4.25) and effective (+2 levels, meaningful).
      const soon = await addSession(await addProgram('Q1', C2, 3), 10, 3);
      await addSession(await addProgram('Q2', C2, 3), 10, 10);
      const rated = await addProgram('Q3', C2, 3);
      await db.query(
        `INSERT INTO development.program_feedback (program_id, evaluations, mean_rating, participants, mean_level_change, meaningful)
         VALUES ($1, 4, 4.25, 5, 2, true)`,
        [rated],
      );
      // C3: R1, with the employee's stated need (MEDIUM) for C3.
      await addProgram('R1', C3, 2);
      await db.query(
        `INSERT INTO development.stated_needs (need_id, employee_id, competency_code, priority, submitted_at) VALUES ($1, $2, $3, 'MEDIUM', now())`,
        [randomUUID(), employee, C3],
      );

      const [result] = (await db.query(RECOMMENDATIONS_SQL, [[employee], ...recommendationParams(POLICY, now)])).rows;
      expect(result).toEqual({ computed: 1, changed: 1 });
      const [{ items }] = (await db.query(`SELECT items FROM development.recommendations WHERE employee_id = $1`, [employee])).rows;
      const byName = new Map([...program].map(([name, id]) => [id, name]));
      expect(items.map((i: { programId: string }) => byName.get(i.programId))).toEqual(['P1', 'P4', 'P2', 'Q3', 'Q1', 'Q2', 'R1']);
      // gap 200 × (gaps after: C1 2, C2 1, C3 0) + reach 100 + 10 × (5 − target) + session 5 + 4 × min(credit, 5) ÷ 20
      // + need 6 (MEDIUM) + 4 × (4.25 − 3) ÷ 2 + 4 × min(1, +2).
      expect(items.map((i: { score: number }) => i.score)).toEqual([511, 510.8, 501, 327.5, 326, 321, 137]);
      expect(items.map((i: { rank: number }) => i.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(items[4]).toEqual({
        rank: 5,
        programId: program.get('Q1'),
        programCode: `S${run}-Q1`,
        competencyCode: C2,
        gap: -1,
        targetLevel: 3,
        score: 326,
        sessionId: soon,
      });
      expect(items[5].sessionId).toBeNull();
      const [event] = (
        await db.query(
          `SELECT payload::jsonb AS payload FROM messaging.outbox WHERE event_name = 'RecommendationsGenerated' AND aggregate_id = $1`,
          [employee],
        )
      ).rows;
      expect(event.payload).toMatchObject({ employeeId: employee, agencyId: agency, items });

      // The same data again: nothing written, nothing published.
      const [again] = (await db.query(RECOMMENDATIONS_SQL, [[employee], ...recommendationParams(POLICY, now)])).rows;
      expect(again).toEqual({ computed: 1, changed: 0 });
    } finally {
      await db.query('ROLLBACK');
    }
  });
});
