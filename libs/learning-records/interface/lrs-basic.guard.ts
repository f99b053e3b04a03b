import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request, Response } from 'express';
import { ForbiddenError, InvalidInputError, UnauthenticatedError } from '@kompeten/shared/kernel';
import { AccessTokenClaims, actorFromClaims, bearerToken, requestContext, scryptSecret, UnitOfWork } from '@kompeten/shared/infrastructure';
import { LrsClient } from '../application/statement-intake';
import { LrsReader } from '../application/statement-reading';
import { isSupportedVersion, SUPPORTED_VERSION } from '../domain/statement';
import { VERSION_HEADER } from './xapi-http';

export { VERSION_HEADER };

/** What the guard found: the platform (null for a ministry admin reading) and what it may read. */
export type LrsRequest = Request & { lrsClient?: LrsClient | null; lrsReader?: LrsReader };

/**
 * The xAPI resources' own door: HTTP Basic with a platform's key:secret (401
 * otherwise, with a Basic challenge), then the X-Experience-API-Version header
 * (1.0.x; 400 when missing or other). A ministry admin's bearer token may read
 * statements (GET/HEAD only). Platform credentials open nothing else: the API's
 * guard takes bearer tokens only.
 */
@Injectable()
export class LrsBasicGuard implements CanActivate {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<LrsRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader(VERSION_HEADER, SUPPORTED_VERSION);
    const token = bearerToken(request);
    const client = token ? null : await this.authenticate(request.headers.authorization);
    const admin = token ? await this.ministryAdmin(token) : false;
    if (!client && !admin) {
      response.setHeader('WWW-Authenticate', 'Basic realm="Kompeten LRS", charset="UTF-8"');
      throw new UnauthenticatedError('Send the learning platform’s LRS credentials (HTTP Basic, key:secret)');
    }
    const version = request.headers[VERSION_HEADER.toLowerCase()];
    if (!isSupportedVersion(version)) {
      throw InvalidInputError.field(
        VERSION_HEADER,
        `${version === undefined ? 'is required' : 'is not supported'}: send 1.0.x (this LRS speaks ${SUPPORTED_VERSION})`,
      );
    }
    if (admin) {
      if (!['GET', 'HEAD'].includes(request.method) || !request.path.startsWith('/xapi/statements'))
        throw new ForbiddenError('A ministry admin’s token reads statements; writing takes a platform’s LRS credentials');
      request.lrsClient = null;
      request.lrsReader = { clientIds: null };
      return true;
    }
    request.lrsClient = client!;
    request.lrsReader = { clientIds: await this.readableClients(client!) };
    requestContext.setActor({
      userId: null,
      email: `lrs-client:${client!.key}`,
      role: 'SYSTEM',
      agencyId: client!.agencyId,
      employeeId: null,
      assessorAgencyIds: [],
    });
    return true;
  }

  /** A national platform reads what it wrote; an agency's platform what its agency's platforms wrote. */
  private async readableClients(client: LrsClient): Promise<string[]> {
    if (!client.agencyId) return [client.id];
    const rows = await this.uow.query<{ id: string }>(`SELECT id FROM learning_records.lrs_clients WHERE agency_id = $1`, [
      client.agencyId,
    ]);
    return rows.map((r) => r.id);
  }

  private async ministryAdmin(token: string): Promise<boolean> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      return false;
    }
    if (actorFromClaims(claims).role !== 'MINISTRY_ADMIN')
      throw new ForbiddenError('Only a ministry admin reads every platform’s statements');
    return true;
  }

  private async authenticate(header: string | undefined): Promise<LrsClient | null> {
    if (!header?.startsWith('Basic ')) return null;
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return null;
    const key = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    const [row] = await this.uow.query<LrsClient & { secretHash: string }>(
      `SELECT id, name, key, agency_id AS "agencyId", secret_hash AS "secretHash"
         FROM learning_records.lrs_clients WHERE key = $1 AND revoked_at IS NULL`,
      [key],
    );
    if (!row) {
      await scryptSecret.burn(secret);
      return null;
    }
    if (!(await scryptSecret.verify(secret, row.secretHash))) return null;
    return { id: row.id, name: row.name, key: row.key, agencyId: row.agencyId };
  }
}
