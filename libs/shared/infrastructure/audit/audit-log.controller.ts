import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Authenticated, Roles } from '../http/auth';
import { UnitOfWork } from '../database/unit-of-work';
import { keyset, Page, pageOf } from '../database/paging';
import type { SortDirection } from '../database/paging';

export class AuditLogQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) entityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(320) actorEmail?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() agencyId?: string;
  @ApiPropertyOptional({ description: 'ISO-8601, inclusive' }) @IsOptional() @IsDateString({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'ISO-8601, exclusive' }) @IsOptional() @IsDateString({ strict: true }) to?: string;
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ enum: ['desc', 'asc'], default: 'desc', description: 'desc: newest first (the default); asc: oldest first' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: SortDirection;
}

export class AuditLogEntryView {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorUserId: string | null;
  @ApiProperty() actorEmail: string;
  @ApiProperty() actorRole: string;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ type: String, nullable: true }) entityId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) agencyId: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The entity before the write (null for a creation)',
  })
  before: unknown;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The entity after the write (null for a removal)',
  })
  after: unknown;
}

export class AuditLogPageResponse {
  @ApiProperty({ type: AuditLogEntryView, isArray: true }) items: AuditLogEntryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

@ApiTags('Audit')
@Authenticated()
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get()
  @Roles('MINISTRY_ADMIN')
  @ApiOperation({
    summary: 'Every write: who, when, what, before and after (ministry admins only)',
    description: 'Newest first by default; `?order=asc` for oldest first. Cursor paging follows the chosen order.',
  })
  @ApiOkResponse({ type: AuditLogPageResponse })
  async list(@Query() q: AuditLogQuery): Promise<Page<AuditLogEntryView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.action) add('a.action = ?', q.action);
    if (q.entityType) add('a.entity_type = ?', q.entityType);
    if (q.entityId) add('a.entity_id = ?', q.entityId);
    if (q.actorEmail) add('a.actor_email = ?', q.actorEmail.toLowerCase());
    if (q.agencyId) add('a.agency_id = ?', q.agencyId);
    if (q.from) add('a.at >= ?', q.from);
    if (q.to) add('a.at < ?', q.to);
    const order = { direction: q.order ?? 'desc' } as const;
    const page = keyset('a', q, where, params, order);
    const rows = await this.uow.query<AuditLogEntryView>(
      `SELECT a.id, a.at, a.actor_user_id AS "actorUserId", a.actor_email AS "actorEmail", a.actor_role AS "actorRole",
              a.request_id AS "requestId", a.action, a.entity_type AS "entityType", a.entity_id AS "entityId",
              a.agency_id AS "agencyId", a.before, a.after
         FROM audit.audit_log a ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ${page.sql}`,
      params,
    );
    return pageOf(rows, page.limit, order);
  }
}
