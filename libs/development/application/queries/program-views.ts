import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { NotFoundError } from '@kompeten/shared/kernel';
import { creditJp, JpRules } from '../../domain/jp-rules';
import { PROGRAM_COLUMNS, SESSION_COLUMNS, SESSION_FROM } from '../../infrastructure/development-sql';
import { ProgramView, SessionView } from '../views';

type ProgramRow = Omit<ProgramView, 'creditJp'>;

/** Adds what one completion credits, by the rules in force. */
export function withCredit(row: ProgramRow, rules: JpRules): ProgramView {
  return {
    ...row,
    creditJp: creditJp({ deliveryMode: row.deliveryMode, international: row.international, jp: row.jp, days: row.days }, rules),
  };
}

export async function readProgram(uow: UnitOfWork, id: string, rules: JpRules): Promise<ProgramView> {
  const [row] = await uow.query<ProgramRow>(`SELECT ${PROGRAM_COLUMNS} FROM development.programs p WHERE p.id = $1`, [id]);
  if (!row) throw new NotFoundError('Training program', id);
  return withCredit(row, rules);
}

export async function readSession(uow: UnitOfWork, id: string): Promise<SessionView> {
  const [row] = await uow.query<SessionView>(`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = $1`, [id]);
  if (!row) throw new NotFoundError('Training session', id);
  return row;
}
