import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiForbiddenResponse, ApiResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor, ForbiddenError, Role } from '@kompeten/shared/kernel';
import { requestContext } from '../context/request-context';

const PUBLIC = 'kompeten:public';
const ROLES = 'kompeten:roles';

/** The claims of a Kompeten access token. */
export interface AccessTokenClaims {
  sub: string;
  email: string;
  role: Role;
  agencyId: string | null;
  employeeId: string | null;
  assessorAgencyIds: string[];
}

export function actorFromClaims(claims: AccessTokenClaims): Actor {
  return {
    userId: claims.sub,
    email: claims.email,
    role: claims.role,
    agencyId: claims.agencyId,
    employeeId: claims.employeeId,
    assessorAgencyIds: claims.assessorAgencyIds ?? [],
  };
}

/** No token needed (sign-in, health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);

/** Only these roles reach the handler; others get 403. Scoping within a role is the query's job. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES, roles), ApiForbiddenResponse({ description: 'The role may not do this (problem+json)' }));

export const Authenticated = () =>
  applyDecorators(ApiBearerAuth(), ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token (problem+json)' }));

/** The signed-in actor, for handlers that scope what they read or write. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<Request & { actor: Actor }>().actor;
});

export function bearerToken(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return undefined;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const token = bearerToken(request);
    if (!token) throw new UnauthorizedException('A bearer token is required');
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      throw new UnauthorizedException('The bearer token is invalid or expired');
    }
    const actor = actorFromClaims(claims);
    request.actor = actor;
    requestContext.setActor(actor);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(actor.role as Role)) throw new ForbiddenError(`The role ${actor.role} may not do this`);
    return true;
  }
}

/** Documents the problem+json answers an endpoint can give. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: `${PROBLEM_DESCRIPTIONS[status] ?? 'Error'} (application/problem+json)` }),
    ),
  );

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `errors` names each field',
  401: 'Missing or invalid credentials',
  403: 'The role may not do this',
  404: 'Not found, or outside your agency',
  409: 'Duplicate business key or stale version',
  413: 'Body too large',
  422: 'A domain rule refused the change',
  429: 'Too many attempts',
};
