import { Command, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { Actor, seesAllAgencies } from '@kompeten/shared/kernel';
import { AuditLog, DownstreamTraces, UnitOfWork } from '@kompeten/shared/infrastructure';
import { CsvReadOptions, CsvRows, ImportMode, ImportTally, refuseUnlessPartial } from '@kompeten/shared/infrastructure/csv';
import type { PositionSummary } from '@kompeten/workforce/contracts';
import { CODE_PATTERN } from '../../domain/competency';
import { composeItems, PositionStandard, StandardItem } from '../../domain/position-standard';
import { PositionStandardRepository } from '../../infrastructure/standard.repository';
import { auditChanges } from '../audit';
import { canWritePosition, findPositionsByCode } from '../positions';
import { StandardImportReport } from '../views';
import { publisherOf } from './competency.commands';

/** The columns of a standards import (API.md): one row per item. */
export const STANDARD_CSV: CsvReadOptions = { required: ['positionCode', 'competencyCode', 'requiredLevel'] };

/**
 * Imports the standards of many positions at once. The rows of one position
 * are its whole standard: the version they publish replaces the current one
 * (positions not in the file are untouched). Rows equal to a position's
 * current standard (same levels, competencies still at the pinned versions)
 * publish nothing.
 */
export class ImportStandardsCommand extends Command<StandardImportReport> {
  constructor(
    readonly actor: Actor,
    readonly rows: CsvRows,
    readonly mode: ImportMode,
  ) {
    super();
  }
}

interface PositionRows {
  positionCode: string;
  rows: { line: number; competencyCode: string; requiredLevel: number }[];
  lines: number[];
}

async function groupRows(rows: CsvRows, refusals: ImportTally): Promise<Map<string, PositionRows>> {
  const groups = new Map<string, PositionRows>();
  for await (const { line, values: v } of refusals.readable(rows)) {
    if (!CODE_PATTERN.test(v.positionCode)) {
      refusals.refuse(line, 'positionCode must be 1-50 letters, digits, dots, dashes or underscores');
      continue;
    }
    let group = groups.get(v.positionCode);
    if (!group) groups.set(v.positionCode, (group = { positionCode: v.positionCode, rows: [], lines: [] }));
    group.lines.push(line);
    if (!v.competencyCode) refusals.refuse(line, 'competencyCode is empty');
    else if (!/^\d+$/.test(v.requiredLevel) || Number(v.requiredLevel) < 1 || Number(v.requiredLevel) > 5) {
      refusals.refuse(line, 'requiredLevel must be an integer from 1 to 5');
    } else group.rows.push({ line, competencyCode: v.competencyCode, requiredLevel: Number(v.requiredLevel) });
  }
  return groups;
}

@CommandHandler(ImportStandardsCommand)
export class ImportStandardsHandler implements ICommandHandler<ImportStandardsCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly standards: PositionStandardRepository,
    private readonly audit: AuditLog,
    private readonly traces: DownstreamTraces,
  ) {}

  async execute({ actor, rows, mode }: ImportStandardsCommand): Promise<StandardImportReport> {
    const refusals = new ImportTally();
    const groups = await groupRows(rows, refusals);
    /** A position's standard is imported whole or not at all: one refused row refuses every row of the position. */
    const refuseGroup = (group: PositionRows, reason: string) => group.lines.forEach((line) => refusals.refuse(line, reason));
    const firstRefused = (group: PositionRows) => group.lines.find((line) => refusals.has(line));

    const positions = await findPositionsByCode(this.queries, [...groups.keys()]);
    const eligible: { group: PositionRows; position: PositionSummary }[] = [];
    for (const group of groups.values()) {
      const position = positions.get(group.positionCode);
      if (!position || !canWritePosition(actor, position)) refuseGroup(group, `position ${group.positionCode} was not found`);
      else if (position.retired) refuseGroup(group, `position ${group.positionCode} is retired; its standard no longer changes`);
      else eligible.push({ group, position });
    }

    return this.uow.transaction(async () => {
      const catalogue = await this.standards.catalogue(eligible.flatMap(({ group }) => group.rows.map((r) => r.competencyCode)));
      const current = await this.standards.loadMany(
        eligible.map((e) => e.position),
        true,
      );
      const touched: { standard: PositionStandard; before: StandardItem[]; position: PositionSummary }[] = [];
      for (const { group, position } of eligible) {
        const bad = firstRefused(group);
        if (bad !== undefined) {
          refuseGroup(group, `position ${group.positionCode} not imported: line ${bad} was refused`);
          continue;
        }
        const { items, errors } = composeItems(group.rows, catalogue, position.agencyId);
        for (const error of errors) {
          const index = /^items\[(\d+)\]/.exec(error.field);
          const message = error.message;
          if (index) refusals.refuse(group.rows[Number(index[1])].line, `${error.field.replace(/^items\[\d+\]\./, '')}: ${message}`);
          else refuseGroup(group, `the standard of position ${group.positionCode} ${message}`);
        }
        if (errors.length) {
          refuseGroup(group, `position ${group.positionCode} not imported: line ${firstRefused(group)} was refused`);
          continue;
        }
        const standard = current.get(position.id)!;
        const before = [...standard.state.items];
        standard.publish(items);
        touched.push({ standard, before, position });
      }

      const report: StandardImportReport = refusals.report(mode, { created: 0, updated: 0, unchanged: 0, published: [], jobId: null });
      refuseUnlessPartial(report);
      const jobId = await this.traces.begin('standards-import', seesAllAgencies(actor) ? null : (actor.agencyId ?? null), actor.userId);
      const saved = new Set(
        await this.standards.saveAll(
          touched.map((t) => t.standard),
          publisherOf(actor),
        ),
      );
      const changes = touched.filter((t) => saved.has(t.standard));
      await auditChanges(
        this.audit,
        'position-standard.import',
        'PositionStandard',
        changes.map(({ standard, before, position }) => ({
          entityId: position.id,
          agencyId: position.agencyId,
          before: standard.storedVersion ? { version: standard.storedVersion, items: before } : null,
          after: { positionCode: position.code, version: standard.state.version, items: standard.state.items, changes: standard.changes },
        })),
      );
      report.created = changes.filter((t) => t.standard.storedVersion === 0).length;
      report.updated = changes.length - report.created;
      report.unchanged = touched.length - changes.length;
      report.published = changes.map(({ position, standard }) => ({
        positionId: position.id,
        positionCode: position.code,
        version: standard.state.version,
      }));
      report.jobId = changes.length > 0 ? jobId : null;
      return report;
    });
  }
}
