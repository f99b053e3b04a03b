import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { JwtService } from '@nestjs/jwt';
import {
  Actor,
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  Role,
  UnauthenticatedError,
} from '@kompeten/shared/kernel';
import { AccessTokenClaims, AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { environment } from '@config/environment';
import { PasswordHasher } from '../../infrastructure/password-hasher';
import { SignInThrottle } from '../../infrastructure/sign-in-throttle';
import { updateVersioned, VIEW_COLUMNS } from '../../infrastructure/workforce-sql';
import { assertAgencyWritable } from '../scope';
import { UserView } from '../views';

export interface UserInput {
  email: string;
  password: string;
  role: Role;
  agencyId?: string | null;
  employeeId?: string | null;
  assessorAgencyIds?: string[];
}

export class CreateUserCommand extends Command<UserView> {
  constructor(
    readonly actor: Actor,
    readonly input: UserInput,
  ) {
    super();
  }
}
export class UpdateUserCommand extends Command<UserView> {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly input: { version: number; password?: string; assessorAgencyIds?: string[] },
  ) {
    super();
  }
}
export class RetireUserCommand extends Command<UserView> {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly version: number,
  ) {
    super();
  }
}
export interface AccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}
export class SignInCommand extends Command<AccessToken> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly clientAddress: string,
  ) {
    super();
  }
}

/**
 * Who may create which user: ministry admins any; agency admins only agency
 * admins and employees of their own agency.
 */
async function resolveScope(
  uow: UnitOfWork,
  actor: Actor,
  input: UserInput,
): Promise<{ agencyId: string | null; employeeId: string | null; assessorAgencyIds: string[] }> {
  if (actor.role === 'AGENCY_ADMIN' && !['AGENCY_ADMIN', 'EMPLOYEE'].includes(input.role)) {
    throw new ForbiddenError('An agency admin may create only AGENCY_ADMIN and EMPLOYEE users');
  }
  // Fields that do not apply to the role are refused, not ignored: a ministry admin
  // sent with an agencyId was most likely meant to be an agency admin.
  const notFor = (field: string) => InvalidInputError.field(field, `does not apply to a ${input.role} user`);
  if (input.role !== 'ASSESSOR' && input.assessorAgencyIds?.length) throw notFor('assessorAgencyIds');
  if ((input.role === 'MINISTRY_ADMIN' || input.role === 'ASSESSOR') && input.agencyId) throw notFor('agencyId');
  if ((input.role === 'MINISTRY_ADMIN' || input.role === 'ASSESSOR') && input.employeeId) throw notFor('employeeId');
  switch (input.role) {
    case 'MINISTRY_ADMIN':
      return { agencyId: null, employeeId: null, assessorAgencyIds: [] };
    case 'AGENCY_ADMIN': {
      if (!input.agencyId) throw InvalidInputError.field('agencyId', 'is required for an AGENCY_ADMIN');
      assertAgencyWritable(actor, input.agencyId);
      const [agency] = await uow.query(`SELECT 1 FROM workforce.agencies WHERE id = $1 AND retired_at IS NULL`, [input.agencyId]);
      if (!agency) throw new NotFoundError('Agency', input.agencyId);
      if (input.employeeId) {
        // An agency admin may also be an employee, but only one of their own agency.
        const [employee] = await uow.query<{ agency_id: string }>(
          `SELECT agency_id FROM workforce.employees WHERE id = $1 AND retired_at IS NULL`,
          [input.employeeId],
        );
        if (!employee) throw new NotFoundError('Employee', input.employeeId);
        assertAgencyWritable(actor, employee.agency_id, 'Employee', input.employeeId);
        if (employee.agency_id !== input.agencyId) throw InvalidInputError.field('employeeId', 'is not an employee of the agency');
      }
      return { agencyId: input.agencyId, employeeId: input.employeeId ?? null, assessorAgencyIds: [] };
    }
    case 'EMPLOYEE': {
      if (!input.employeeId) throw InvalidInputError.field('employeeId', 'is required for an EMPLOYEE user');
      const [employee] = await uow.query<{ agency_id: string }>(
        `SELECT agency_id FROM workforce.employees WHERE id = $1 AND retired_at IS NULL`,
        [input.employeeId],
      );
      if (!employee) throw new NotFoundError('Employee', input.employeeId);
      assertAgencyWritable(actor, employee.agency_id, 'Employee', input.employeeId);
      if (input.agencyId && input.agencyId !== employee.agency_id)
        throw InvalidInputError.field('agencyId', 'is not the employee’s agency');
      return { agencyId: employee.agency_id, employeeId: input.employeeId, assessorAgencyIds: [] };
    }
    case 'ASSESSOR':
      return { agencyId: null, employeeId: null, assessorAgencyIds: await checkAssessorAgencies(uow, input.assessorAgencyIds ?? []) };
  }
}

/** The agencies an assessor is assigned to must exist; duplicates are dropped. */
async function checkAssessorAgencies(uow: UnitOfWork, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  const found = await uow.query(`SELECT id FROM workforce.agencies WHERE id = ANY($1::uuid[])`, [unique]);
  if (found.length !== unique.length) throw InvalidInputError.field('assessorAgencyIds', 'names an agency that does not exist');
  return unique;
}

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
  ) {}
  async execute({ actor, input }: CreateUserCommand): Promise<UserView> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.uow.transaction(async () => {
      const scope = await resolveScope(this.uow, actor, input);
      const [user] = await this.uow.query<UserView>(
        `INSERT INTO workforce.users AS s (email, password_hash, role, agency_id, employee_id, assessor_agency_ids)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (lower(email)) DO NOTHING RETURNING ${VIEW_COLUMNS.users}`,
        [input.email.toLowerCase(), passwordHash, input.role, scope.agencyId, scope.employeeId, scope.assessorAgencyIds],
      );
      if (!user) throw new ConflictError(`A user with email ${input.email} already exists`);
      await this.audit.record({ action: 'user.create', entityType: 'User', entityId: user.id, agencyId: user.agencyId, after: user });
      return user;
    });
  }
}

async function loadUser(uow: UnitOfWork, actor: Actor, userId: string): Promise<UserView> {
  const [user] = await uow.query<UserView>(`SELECT ${VIEW_COLUMNS.users} FROM workforce.users s WHERE s.id = $1`, [userId]);
  if (!user) throw new NotFoundError('User', userId);
  if (actor.role !== 'MINISTRY_ADMIN') {
    if (!user.agencyId) throw new NotFoundError('User', userId);
    assertAgencyWritable(actor, user.agencyId, 'User', userId);
  }
  return user;
}

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
  ) {}
  async execute({ actor, userId, input }: UpdateUserCommand): Promise<UserView> {
    const passwordHash = input.password ? await this.hasher.hash(input.password) : undefined;
    return this.uow.transaction(async () => {
      const before = await loadUser(this.uow, actor, userId);
      if (input.assessorAgencyIds && before.role !== 'ASSESSOR')
        throw InvalidInputError.field('assessorAgencyIds', 'applies only to ASSESSOR users');
      const assessorAgencyIds = input.assessorAgencyIds ? await checkAssessorAgencies(this.uow, input.assessorAgencyIds) : undefined;
      const after = await updateVersioned<UserView>(this.uow, 'users', userId, input.version, {
        password_hash: passwordHash,
        assessor_agency_ids: assessorAgencyIds,
      });
      await this.audit.record({ action: 'user.update', entityType: 'User', entityId: userId, agencyId: before.agencyId, before, after });
      return after;
    });
  }
}

@CommandHandler(RetireUserCommand)
export class RetireUserHandler implements ICommandHandler<RetireUserCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}
  execute({ actor, userId, version }: RetireUserCommand): Promise<UserView> {
    return this.uow.transaction(async () => {
      const before = await loadUser(this.uow, actor, userId);
      if (before.id === actor.userId) throw new ConflictError('You cannot retire your own account');
      const after = await updateVersioned<UserView>(this.uow, 'users', userId, version, { retired_at: before.retiredAt ?? new Date() });
      await this.audit.record({ action: 'user.retire', entityType: 'User', entityId: userId, agencyId: before.agencyId, before, after });
      return after;
    });
  }
}

@CommandHandler(SignInCommand)
export class SignInHandler implements ICommandHandler<SignInCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly throttle: SignInThrottle,
    private readonly jwt: JwtService,
  ) {}
  async execute({ email, password, clientAddress }: SignInCommand): Promise<AccessToken> {
    const [user] = await this.uow.query<{
      id: string;
      email: string;
      password_hash: string;
      role: Role;
      agency_id: string | null;
      employee_id: string | null;
      assessor_agency_ids: string[];
    }>(
      `SELECT id, email, password_hash, role, agency_id, employee_id, assessor_agency_ids FROM workforce.users
        WHERE lower(email) = lower($1) AND retired_at IS NULL`,
      [email],
    );
    // Throttled per account: every spelling that reaches the same user counts against the same lock.
    const account = user ? user.email : email;
    await this.throttle.assertNotLocked(account, clientAddress);
    const ok = user ? await this.hasher.verify(password, user.password_hash) : (await this.hasher.burn(password), false);
    if (!user || !ok) {
      await this.throttle.recordFailure(account, clientAddress);
      throw new UnauthenticatedError('The email or password is wrong');
    }
    const claims: AccessTokenClaims = {
      sub: user.id,
      email: user.email,
      role: user.role,
      agencyId: user.agency_id,
      employeeId: user.employee_id,
      assessorAgencyIds: user.assessor_agency_ids,
    };
    const expiresIn = environment().JWT_TTL_SECONDS;
    return { accessToken: await this.jwt.signAsync(claims), tokenType: 'Bearer', expiresIn };
  }
}
