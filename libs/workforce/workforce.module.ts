import { Module } from '@nestjs/common';
import { CreateAgencyHandler, RetireAgencyHandler, UpdateAgencyHandler } from './application/commands/agency.commands';
import { RegisterEmployeeHandler, RetireEmployeeHandler, UpdateEmployeeHandler } from './application/commands/employee.commands';
import { ImportEmployeesHandler } from './application/commands/import-employees.command';
import {
  CreateOrgUnitHandler,
  CreatePositionHandler,
  RetireOrgUnitHandler,
  RetirePositionHandler,
  UpdateOrgUnitHandler,
  UpdatePositionHandler,
} from './application/commands/organisation.commands';
import { CreateUserHandler, RetireUserHandler, SignInHandler, UpdateUserHandler } from './application/commands/user.commands';
import { WORKFORCE_CONTRACT_QUERY_HANDLERS } from './application/queries/contract.queries';
import { WORKFORCE_REPORTING_QUERY_HANDLERS } from './application/queries/reporting.queries';
import { EmployeeContactsHandler } from './application/queries/employee-contacts.query';
import { WORKFORCE_QUERY_HANDLERS } from './application/queries/workforce.queries';
import { BootstrapAdmin } from './infrastructure/bootstrap-admin';
import { EmployeeImportStore } from './infrastructure/employee-import';
import { EmployeeRepository } from './infrastructure/employee.repository';
import { PasswordHasher } from './infrastructure/password-hasher';
import { SignInThrottle } from './infrastructure/sign-in-throttle';
import {
  AgenciesController,
  AuthController,
  MeController,
  EmployeesController,
  OrgUnitsController,
  PositionsController,
  UsersController,
} from './interface/workforce.controllers';

const COMMAND_HANDLERS = [
  CreateAgencyHandler,
  UpdateAgencyHandler,
  RetireAgencyHandler,
  CreateOrgUnitHandler,
  UpdateOrgUnitHandler,
  RetireOrgUnitHandler,
  CreatePositionHandler,
  UpdatePositionHandler,
  RetirePositionHandler,
  RegisterEmployeeHandler,
  UpdateEmployeeHandler,
  RetireEmployeeHandler,
  ImportEmployeesHandler,
  CreateUserHandler,
  UpdateUserHandler,
  RetireUserHandler,
  SignInHandler,
];

/** Workforce on the API side: agencies, units, positions, employees, users, sign-in. */
@Module({
  controllers: [
    AuthController,
    MeController,
    AgenciesController,
    OrgUnitsController,
    PositionsController,
    EmployeesController,
    UsersController,
  ],
  providers: [
    ...COMMAND_HANDLERS,
    ...WORKFORCE_QUERY_HANDLERS,
    ...WORKFORCE_CONTRACT_QUERY_HANDLERS,
    EmployeeContactsHandler,
    ...WORKFORCE_REPORTING_QUERY_HANDLERS,
    EmployeeRepository,
    EmployeeImportStore,
    PasswordHasher,
    SignInThrottle,
    BootstrapAdmin,
  ],
})
export class WorkforceModule {}

/** Workforce on the worker side: it subscribes to nothing yet, but answers other contexts' queries. */
@Module({
  providers: [
    ...WORKFORCE_QUERY_HANDLERS,
    ...WORKFORCE_CONTRACT_QUERY_HANDLERS,
    EmployeeContactsHandler,
    ...WORKFORCE_REPORTING_QUERY_HANDLERS,
  ],
})
export class WorkforceWorkerModule {}
