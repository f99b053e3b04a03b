import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, isUuid, RuleViolationError } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { CsvReadOptions, CsvRows, ImportMode, ImportTally, refuseUnlessPartial } from '@kompeten/shared/infrastructure/csv';
import { COMPETENCY_TYPES, CompetencyType } from '../../contracts/types';
import { checkCode, checkCompetencyContent, Competency, CompetencyContent, CompetencyInput } from '../../domain/competency';
import { defaultOwner, manageAccess } from '../../domain/ownership';
import { CompetencyRepository } from '../../infrastructure/competency.repository';
import { auditChanges } from '../audit';
import { CompetencyImportReport } from '../views';
import { publisherOf } from './competency.commands';

/** The columns of a competency import: one row per behavioural indicator. */
export const COMPETENCY_CSV: CsvReadOptions = {
  required: ['code', 'name', 'type', 'definition', 'level', 'levelDescription', 'indicatorNumber', 'indicatorText'],
  optional: ['agencyId'],
};

/**
 * Imports competencies from CSV rows, one row per indicator. The rows of one
 * code are that competency's whole content (every level it defines, every
 * indicator); a competency whose content equals its current version is left
 * as it is, a changed one gets a new version, a new code version 1.
 */
export class ImportCompetenciesCommand extends Command<CompetencyImportReport> {
  constructor(
    readonly actor: Actor,
    readonly rows: CsvRows,
    readonly mode: ImportMode,
  ) {
    super();
  }
}

interface LevelRows {
  description: string;
  line: number;
  indicators: { position: number; text: string; line: number }[];
}

interface CodeRows {
  code: string;
  first: { line: number; name: string; type: string; definition: string; agencyId: string };
  lines: number[];
  levels: Map<number, LevelRows>;
}

const INDICATOR = /^([1-5])\.([1-9]\d?)$/;

/** Reads the rows into one group per code; what a single row gets wrong is refused by its line. */
async function groupRows(rows: CsvRows, refusals: ImportTally): Promise<Map<string, CodeRows>> {
  const groups = new Map<string, CodeRows>();
  for await (const { line, values: v } of refusals.readable(rows)) {
    const agencyId = v.agencyId ?? '';
    const codeErrors = checkCode(v.code);
    if (codeErrors.length) {
      refusals.refuse(line, `code: ${codeErrors[0].message}`);
      continue;
    }
    let group = groups.get(v.code);
    if (!group) {
      group = {
        code: v.code,
        first: { line, name: v.name, type: v.type, definition: v.definition, agencyId },
        lines: [],
        levels: new Map(),
      };
      groups.set(v.code, group);
    }
    group.lines.push(line);
    const problem = rowProblem(v, agencyId, group);
    if (problem) {
      refusals.refuse(line, problem);
      continue;
    }
    const level = Number(v.level);
    const [, , position] = INDICATOR.exec(v.indicatorNumber)!;
    let levelRows = group.levels.get(level);
    if (!levelRows) {
      levelRows = { description: v.levelDescription, line, indicators: [] };
      group.levels.set(level, levelRows);
    } else if (levelRows.description !== v.levelDescription) {
      refusals.refuse(line, `levelDescription of ${v.code} level ${level} differs from line ${levelRows.line}`);
      continue;
    }
    const twin = levelRows.indicators.find((i) => i.position === Number(position));
    if (twin) {
      refusals.refuse(line, `indicator ${v.indicatorNumber} of ${v.code} appears twice (line ${twin.line})`);
      continue;
    }
    levelRows.indicators.push({ position: Number(position), text: v.indicatorText, line });
  }
  return groups;
}

function rowProblem(v: Record<string, string>, agencyId: string, group: CodeRows): string | null {
  for (const column of ['name', 'definition', 'levelDescription', 'indicatorText']) {
    if (!v[column]) return `${column} is empty`;
  }
  if (!COMPETENCY_TYPES.includes(v.type as CompetencyType)) return `type must be one of ${COMPETENCY_TYPES.join(', ')}`;
  if (agencyId && !isUuid(agencyId)) return 'agencyId must be a UUID, or empty';
  if (!/^[1-5]$/.test(v.level)) return 'level must be an integer from 1 to 5';
  const indicator = INDICATOR.exec(v.indicatorNumber);
  if (!indicator || indicator[1] !== v.level) return `indicatorNumber must be ${v.level}.1, ${v.level}.2, … for level ${v.level}`;
  for (const column of ['name', 'type', 'definition', 'agencyId'] as const) {
    const value = column === 'agencyId' ? agencyId : v[column];
    if (value !== group.first[column]) return `${column} of ${group.code} differs from line ${group.first.line}`;
  }
  return null;
}

/** The competency's content from its rows: levels in order, indicators by number (which must run 1, 2, … without gaps). */
function contentInput(group: CodeRows, agencyId: string | null): CompetencyInput {
  return {
    name: group.first.name,
    type: group.first.type as CompetencyType,
    definition: group.first.definition,
    agencyId,
    levels: [...group.levels.entries()]
      .sort(([a], [b]) => a - b)
      .map(([level, rows]) => ({
        level,
        description: rows.description,
        indicators: [...rows.indicators]
          .sort((a, b) => a.position - b.position)
          .map((i) => ({ number: `${level}.${i.position}`, text: i.text })),
      })),
  };
}

@CommandHandler(ImportCompetenciesCommand)
export class ImportCompetenciesHandler implements ICommandHandler<ImportCompetenciesCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly competencies: CompetencyRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, rows, mode }: ImportCompetenciesCommand): Promise<CompetencyImportReport> {
    const refusals = new ImportTally();
    const groups = await groupRows(rows, refusals);
    /** A competency is imported whole or not at all: one refused row refuses every row of its code. */
    const refuseGroup = (group: CodeRows, reason: string) => group.lines.forEach((line) => refusals.refuse(line, reason));
    const contents = new Map<string, CompetencyContent>();
    for (const group of groups.values()) {
      const bad = group.lines.find((line) => refusals.has(line));
      if (bad !== undefined) {
        refuseGroup(group, `competency ${group.code} not imported: line ${bad} was refused`);
        continue;
      }
      const given = group.first.agencyId || undefined;
      const agencyId = group.first.type === 'TECHNICAL' ? defaultOwner(actor, given) : (given ?? null);
      const { content, errors } = checkCompetencyContent(contentInput(group, agencyId));
      if (errors.length) refuseGroup(group, `competency ${group.code}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
      else contents.set(group.code, content);
    }

    return this.uow.transaction(async () => {
      const codes = [...contents.keys()];
      const existing = await this.competencies.loadByCodes(codes, true);
      const lookalikes = await this.competencies.lookalikes(codes.filter((code) => !existing.has(code)));
      const touched: { competency: Competency; before: Competency | null }[] = [];
      for (const [code, content] of contents) {
        const group = groups.get(code)!;
        const current = existing.get(code);
        const owner = current ? current.state.content.agencyId : content.agencyId;
        const access = manageAccess(actor, { agencyId: owner });
        if (access === 'hidden') {
          refuseGroup(group, current ? `code ${code} is already used by a competency you cannot change` : `agency ${owner} is not yours`);
        } else if (access === 'read-only') {
          refuseGroup(
            group,
            owner === null
              ? `competency ${code} is national: only a ministry admin imports it`
              : `competency ${code} belongs to another agency`,
          );
        } else if (!current && lookalikes.has(code)) {
          refuseGroup(group, `competency ${lookalikes.get(code)} already exists; codes differing only in letter case are not allowed`);
        } else if (current) {
          const before = Competency.restore({ ...current.state });
          try {
            // The owner column is optional: left empty, it keeps the owner the competency has.
            const revised = group.first.agencyId ? content : { ...content, agencyId: current.state.content.agencyId };
            current.revise(revised);
            touched.push({ competency: current, before });
          } catch (error) {
            if (!(error instanceof RuleViolationError)) throw error;
            refuseGroup(group, error.message);
          }
        } else {
          touched.push({ competency: Competency.create(code, content), before: null });
        }
      }

      const report: CompetencyImportReport = refusals.report(mode, { created: 0, updated: 0, unchanged: 0, published: [] });
      refuseUnlessPartial(report);
      const accepted = touched.filter((t) => !groups.get(t.competency.code)!.lines.some((line) => refusals.has(line)));
      const saved = new Set(
        await this.competencies.saveAll(
          accepted.map((t) => t.competency),
          publisherOf(actor),
        ),
      );
      const changes = accepted.filter((t) => saved.has(t.competency));
      await auditChanges(
        this.audit,
        'competency.import',
        'Competency',
        changes.map(({ competency, before }) => ({
          entityId: competency.id,
          agencyId: competency.state.content.agencyId,
          before: before && { code: before.code, version: before.state.version, ...before.state.content, summary: before.state.summary },
          after: { code: competency.code, version: competency.state.version, ...competency.state.content },
        })),
      );
      report.created = changes.filter((t) => t.before === null).length;
      report.updated = changes.length - report.created;
      report.unchanged = accepted.length - changes.length;
      report.published = changes.map(({ competency }) => ({ code: competency.code, version: competency.state.version }));
      return report;
    });
  }
}
