import { Body, Controller, Get, HttpCode, Ip, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@kompeten/shared/kernel';
import {
  ApiArrayResponse,
  ApiCreated,
  ApiOk,
  ApiPageResponse,
  ApiProblems,
  Authenticated,
  csvRows,
  CurrentActor,
  ImportParams,
  Page,
  Public,
  Roles,
  uuidParam,
} from '@kompeten/shared/infrastructure';
import { CreateAgencyCommand, RetireAgencyCommand, UpdateAgencyCommand } from '../application/commands/agency.commands';
import { RegisterEmployeeCommand, RetireEmployeeCommand, UpdateEmployeeCommand } from '../application/commands/employee.commands';
import { EMPLOYEE_CSV, ImportEmployeesCommand } from '../application/commands/import-employees.command';
import type { EmployeeImportReport } from '../application/commands/import-employees.command';
import {
  CreateOrgUnitCommand,
  CreatePositionCommand,
  RetireOrgUnitCommand,
  RetirePositionCommand,
  UpdateOrgUnitCommand,
  UpdatePositionCommand,
} from '../application/commands/organisation.commands';
import { AccessToken, CreateUserCommand, RetireUserCommand, SignInCommand, UpdateUserCommand } from '../application/commands/user.commands';
import {
  GetAgencyQuery,
  GetEmployeeQuery,
  GetMeQuery,
  GetOrgUnitQuery,
  GetOrgUnitTreeQuery,
  GetPositionQuery,
  GetUserQuery,
  ListAgenciesQuery,
  ListEmployeesQuery,
  ListOrgUnitsQuery,
  ListPositionsQuery,
  ListUsersQuery,
} from '../application/queries/workforce.queries';
import { AgencyView, EmployeeView, MeView, OrgUnitTreeNode, OrgUnitView, PositionView, UserView } from '../application/views';
import {
  AgencyResponse,
  EmployeeResponse,
  MeResponse,
  OrgUnitResponse,
  OrgUnitTreeNodeResponse,
  PositionResponse,
  UserResponse,
} from './workforce.responses';
import {
  AccessTokenResponse,
  CreateAgencyBody,
  CreateEmployeeBody,
  CreateOrgUnitBody,
  CreatePositionBody,
  CreateUserBody,
  ListAgenciesParams,
  ListEmployeesParams,
  ListOrgUnitsParams,
  ListPositionsParams,
  ListUsersParams,
  SignInBody,
  UpdateAgencyBody,
  UpdateEmployeeBody,
  UpdateOrgUnitBody,
  UpdatePositionBody,
  UpdateUserBody,
  VersionBody,
} from './workforce.dto';
import { ApiEmployeeImport } from './employee-import.http';
import type { Request } from 'express';

const Id = (name = 'id') => Param(name, uuidParam(name));

@ApiTags('Auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly commands: CommandBus) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in: exchange email and password for a bearer token. 10 failures in 15 minutes lock the account for this address.',
  })
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiProblems(400, 401, 429)
  signIn(@Body() body: SignInBody, @Ip() ip: string): Promise<AccessToken> {
    return this.commands.execute(new SignInCommand(body.email, body.password, ip ?? 'unknown'));
  }
}

@ApiTags('Auth')
@Authenticated()
@Controller('me')
export class MeController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Who you are: your user, role and agency, and (for an employee) your employee record',
    description:
      'Every role. `agency` is null for a ministry admin; `assessorAgencies` lists an assessor’s agencies; `employee` is the ' +
      'record the user is linked to (with NIP, name, unit and position), null if none.',
  })
  @ApiOk(MeResponse)
  me(@CurrentActor() actor: Actor): Promise<MeView> {
    return this.queries.execute(new GetMeQuery(actor));
  }
}

@ApiTags('Workforce')
@Authenticated()
@Controller('agencies')
export class AgenciesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('MINISTRY_ADMIN')
  @ApiOperation({ summary: 'Register an agency (instansi)' })
  @ApiProblems(400, 409)
  @ApiCreated(AgencyResponse)
  create(@CurrentActor() actor: Actor, @Body() body: CreateAgencyBody): Promise<AgencyView> {
    return this.commands.execute(new CreateAgencyCommand(actor, body));
  }

  @Get()
  @ApiOperation({ summary: 'Agencies you can see; ?code= finds one by its business key' })
  @ApiProblems(400)
  @ApiPageResponse(AgencyResponse, 'Agencies by id (the time of registration)')
  list(@CurrentActor() actor: Actor, @Query() q: ListAgenciesParams): Promise<Page<AgencyView>> {
    return this.queries.execute(new ListAgenciesQuery(actor, q));
  }

  @Get(':id')
  @ApiProblems(400, 404)
  @ApiOk(AgencyResponse)
  get(@CurrentActor() actor: Actor, @Id() id: string): Promise<AgencyView> {
    return this.queries.execute(new GetAgencyQuery(actor, id));
  }

  @Patch(':id')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiProblems(400, 404, 409)
  @ApiOk(AgencyResponse)
  update(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: UpdateAgencyBody): Promise<AgencyView> {
    return this.commands.execute(new UpdateAgencyCommand(actor, id, body));
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Roles('MINISTRY_ADMIN')
  @ApiOperation({ summary: 'Soft-retire an agency; it stays readable with includeRetired=true' })
  @ApiProblems(400, 404, 409)
  @ApiOk(AgencyResponse)
  retire(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: VersionBody): Promise<AgencyView> {
    return this.commands.execute(new RetireAgencyCommand(actor, id, body.version));
  }

  @Post(':id/units')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({ summary: 'Add an org unit (unit kerja) to the agency tree' })
  @ApiProblems(400, 404, 409)
  @ApiCreated(OrgUnitResponse)
  createUnit(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: CreateOrgUnitBody): Promise<OrgUnitView> {
    return this.commands.execute(new CreateOrgUnitCommand(actor, id, body));
  }

  @Get(':id/units')
  @ApiOperation({ summary: 'The agency’s org units, flat and paged, each with its parentId' })
  @ApiProblems(400, 404)
  @ApiPageResponse(OrgUnitResponse)
  listUnits(@CurrentActor() actor: Actor, @Id() id: string, @Query() q: ListOrgUnitsParams): Promise<Page<OrgUnitView>> {
    return this.queries.execute(new ListOrgUnitsQuery(actor, id, q));
  }

  @Get(':id/units/tree')
  @ApiOperation({ summary: 'The agency’s live org units as a nested tree' })
  @ApiProblems(400, 404)
  @ApiArrayResponse(OrgUnitTreeNodeResponse, 'The root units, each with its children')
  unitTree(@CurrentActor() actor: Actor, @Id() id: string): Promise<OrgUnitTreeNode[]> {
    return this.queries.execute(new GetOrgUnitTreeQuery(actor, id));
  }
}

@ApiTags('Workforce')
@Authenticated()
@Controller('units')
export class OrgUnitsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id')
  @ApiProblems(400, 404)
  @ApiOk(OrgUnitResponse)
  get(@CurrentActor() actor: Actor, @Id() id: string): Promise<OrgUnitView> {
    return this.queries.execute(new GetOrgUnitQuery(actor, id));
  }

  @Patch(':id')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiProblems(400, 404, 409)
  @ApiOk(OrgUnitResponse)
  update(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: UpdateOrgUnitBody): Promise<OrgUnitView> {
    return this.commands.execute(new UpdateOrgUnitCommand(actor, id, body));
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiProblems(400, 404, 409)
  @ApiOk(OrgUnitResponse)
  retire(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: VersionBody): Promise<OrgUnitView> {
    return this.commands.execute(new RetireOrgUnitCommand(actor, id, body.version));
  }
}

@ApiTags('Workforce')
@Authenticated()
@Controller('positions')
export class PositionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({ summary: 'Register a position (jabatan)' })
  @ApiProblems(400, 404, 409)
  @ApiCreated(PositionResponse)
  create(@CurrentActor() actor: Actor, @Body() body: CreatePositionBody): Promise<PositionView> {
    return this.commands.execute(new CreatePositionCommand(actor, body));
  }

  @Get()
  @ApiProblems(400)
  @ApiPageResponse(PositionResponse, 'Positions by code')
  list(@CurrentActor() actor: Actor, @Query() q: ListPositionsParams): Promise<Page<PositionView>> {
    return this.queries.execute(new ListPositionsQuery(actor, q));
  }

  @Get(':id')
  @ApiProblems(400, 404)
  @ApiOk(PositionResponse)
  get(@CurrentActor() actor: Actor, @Id() id: string): Promise<PositionView> {
    return this.queries.execute(new GetPositionQuery(actor, id));
  }

  @Patch(':id')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiProblems(400, 404, 409)
  @ApiOk(PositionResponse)
  update(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: UpdatePositionBody): Promise<PositionView> {
    return this.commands.execute(new UpdatePositionCommand(actor, id, body));
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiProblems(400, 404, 409)
  @ApiOk(PositionResponse)
  retire(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: VersionBody): Promise<PositionView> {
    return this.commands.execute(new RetirePositionCommand(actor, id, body.version));
  }
}

@ApiTags('Workforce')
@Authenticated()
@Controller('employees')
export class EmployeesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({ summary: 'Register a civil servant (ASN); publishes EmployeeRegistered' })
  @ApiProblems(400, 404, 409)
  @ApiCreated(EmployeeResponse)
  create(@CurrentActor() actor: Actor, @Body() body: CreateEmployeeBody): Promise<EmployeeView> {
    return this.commands.execute(new RegisterEmployeeCommand(actor, body));
  }

  @Post('import')
  @HttpCode(200)
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiEmployeeImport()
  import(@CurrentActor() actor: Actor, @Req() request: Request, @Query() q: ImportParams): Promise<EmployeeImportReport> {
    return this.commands.execute(new ImportEmployeesCommand(actor, csvRows(request, EMPLOYEE_CSV), q.mode ?? 'all-or-nothing'));
  }

  @Get()
  @ApiOperation({ summary: 'Employees you can see (an EMPLOYEE sees only themself); ?nip= finds one' })
  @ApiProblems(400)
  @ApiPageResponse(EmployeeResponse, 'Employees by name (then id), with the names of their agency, unit and position')
  list(@CurrentActor() actor: Actor, @Query() q: ListEmployeesParams): Promise<Page<EmployeeView>> {
    return this.queries.execute(new ListEmployeesQuery(actor, q));
  }

  @Get(':id')
  @ApiProblems(400, 404)
  @ApiOk(EmployeeResponse)
  get(@CurrentActor() actor: Actor, @Id() id: string): Promise<EmployeeView> {
    return this.queries.execute(new GetEmployeeQuery(actor, id));
  }

  @Patch(':id')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiProblems(400, 404, 409)
  @ApiOk(EmployeeResponse)
  update(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: UpdateEmployeeBody): Promise<EmployeeView> {
    return this.commands.execute(new UpdateEmployeeCommand(actor, id, body));
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiProblems(400, 404, 409)
  @ApiOk(EmployeeResponse)
  retire(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: VersionBody): Promise<EmployeeView> {
    return this.commands.execute(new RetireEmployeeCommand(actor, id, body.version));
  }
}

@ApiTags('Workforce')
@Authenticated()
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({ summary: 'Create a user; agency admins create only agency admins and employees of their agency' })
  @ApiProblems(400, 403, 404, 409)
  @ApiCreated(UserResponse)
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserBody): Promise<UserView> {
    return this.commands.execute(new CreateUserCommand(actor, body));
  }

  @Get()
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiProblems(400)
  @ApiPageResponse(UserResponse)
  list(@CurrentActor() actor: Actor, @Query() q: ListUsersParams): Promise<Page<UserView>> {
    return this.queries.execute(new ListUsersQuery(actor, q));
  }

  @Get(':id')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiProblems(400, 404)
  @ApiOk(UserResponse)
  get(@CurrentActor() actor: Actor, @Id() id: string): Promise<UserView> {
    return this.queries.execute(new GetUserQuery(actor, id));
  }

  @Patch(':id')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiProblems(400, 404, 409)
  @ApiOk(UserResponse)
  update(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: UpdateUserBody): Promise<UserView> {
    return this.commands.execute(new UpdateUserCommand(actor, id, body));
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiProblems(400, 404, 409)
  @ApiOk(UserResponse)
  retire(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: VersionBody): Promise<UserView> {
    return this.commands.execute(new RetireUserCommand(actor, id, body.version));
  }
}
