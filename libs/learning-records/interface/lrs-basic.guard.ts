import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InvalidInputError, UnauthenticatedError } from '@kompeten/shared/kernel';
import { requestContext, scryptSecret, UnitOfWork } from '@kompeten/shared/infrastructure';
import { LrsClient } from '../application/statement-intake';
import { isSupportedVersion, SUPPORTED_VERSION } from '../domain/statement';

export const VERSION_HEADER = 'X-Experience-API-Version';

/**
 * The statement resource's own door: HTTP Basic with a platform's key:secret
 * (401 otherwise, with a Basic challenge), then the X-Experience-API-Version
 * header (1.0.x; 400 when missing or other). Every answer carries the version
 * the LRS speaks. Platform credentials open nothing else: the API's guard takes
 * bearer tokens only.
 */
@Injectable()
export class LrsBasicGuard implements CanActivate {
  constructor(private readonly uow: UnitOfWork) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { lrsClient?: LrsClient }>();
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader(VERSION_HEADER, SUPPORTED_VERSION);
    const client = await this.authenticate(request.headers.authorization);
    if (!client) {
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
    request.lrsClient = client;
    requestContext.setActor({
      userId: null,
      email: `lrs-client:${client.key}`,
      role: 'SYSTEM',
      agencyId: client.agencyId,
      employeeId: null,
      assessorAgencyIds: [],
    });
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
