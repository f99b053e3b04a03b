import { NotFoundError } from '@kompeten/shared/kernel';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { RECORD_COLUMNS } from '../../infrastructure/development-sql';
import { DevelopmentRecordView } from '../views';

export async function readRecord(uow: UnitOfWork, id: string): Promise<DevelopmentRecordView> {
  const [row] = await uow.query<DevelopmentRecordView>(`SELECT ${RECORD_COLUMNS} FROM development.records r WHERE r.id = $1`, [id]);
  if (!row) throw new NotFoundError('Development record', id);
  return row;
}
