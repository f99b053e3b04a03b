import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { environment } from '@config/environment';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { PasswordHasher } from './password-hasher';

/** The first ministry admin, from KOMPETEN_ADMIN_EMAIL and KOMPETEN_ADMIN_PASSWORD; created once, never overwritten. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const env = environment();
    const email = env.KOMPETEN_ADMIN_EMAIL!.toLowerCase();
    const [existing] = await this.uow.query(`SELECT 1 FROM workforce.users WHERE lower(email) = $1`, [email]);
    if (existing) return;
    const hash = await this.hasher.hash(env.KOMPETEN_ADMIN_PASSWORD!);
    const created = await this.uow.query(
      `INSERT INTO workforce.users (email, password_hash, role) VALUES ($1, $2, 'MINISTRY_ADMIN') ON CONFLICT DO NOTHING RETURNING id`,
      [email, hash],
    );
    if (created.length) this.logger.log(`bootstrap ministry admin ${email} created`);
  }
}
