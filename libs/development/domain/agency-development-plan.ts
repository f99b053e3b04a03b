import { ConflictError, FieldError, InvalidInputError, newId, NotFoundError, RuleViolationError } from '@kompeten/shared/kernel';
import { DeliveryMode } from '../contracts/events';

/**
 * An agency's development plan for one year (RULES.md, Development): drafted
 * from the AKPK, edited by the agency's admins, submitted, approved by the
 * ministry. Approved, it is immutable; a revision starts the next revision as
 * a draft, and every approved version stays readable.
 */
export const AGENCY_PLAN_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED'] as const;
export type AgencyPlanStatus = (typeof AGENCY_PLAN_STATUSES)[number];

export const PLAN_COMPETENCY_TYPES = ['TECHNICAL', 'MANAGERIAL', 'SOCIOCULTURAL'] as const;
export type PlanCompetencyType = (typeof PLAN_COMPETENCY_TYPES)[number];

/** The kind of development (RULES.md): education (degree study) or training. */
export type DevelopmentKind = 'EDUCATION' | 'TRAINING';
/** The route of a training: classroom (klasikal) or not; education has none. */
export type DevelopmentRoute = 'CLASSROOM' | 'NON_CLASSROOM';

export const PLAN_ITEM_ORIGINS = ['AKPK', 'MANUAL'] as const;
export type PlanItemOrigin = (typeof PLAN_ITEM_ORIGINS)[number];

export const MAX_PLAN_ITEMS = 500;
export const MAX_SESSIONS_PER_ITEM = 100;
export const MAX_TARGET_EMPLOYEES = 1_000_000;
/** Rupiah, whole; well inside what a JavaScript number holds exactly. */
export const MAX_BUDGET = 1_000_000_000_000_000;

export function kindOf(mode: DeliveryMode): DevelopmentKind {
  return mode === 'DEGREE' ? 'EDUCATION' : 'TRAINING';
}

/** Blended learning has classroom days, so it counts as classroom. */
export function routeOf(mode: DeliveryMode): DevelopmentRoute | null {
  if (mode === 'DEGREE') return null;
  return mode === 'CLASSROOM' || mode === 'BLENDED' ? 'CLASSROOM' : 'NON_CLASSROOM';
}

export interface AgencyPlanItem {
  id: string;
  competencyCode: string;
  competencyName: string;
  competencyType: PlanCompetencyType;
  title: string;
  deliveryMode: DeliveryMode;
  /** A program of the catalogue (national or the agency's), or null for development outside it. */
  programId: string | null;
  provider: string;
  /** How many employees the item develops; named employees and a unit narrow it down. */
  targetCount: number;
  targetEmployeeIds: string[];
  targetUnitId: string | null;
  targetGroup: string | null;
  /** The schedule: dates in the plan's year (YYYY-MM-DD), and the sessions (classes) of the program to run. */
  plannedStart: string | null;
  plannedEnd: string | null;
  sessionCount: number;
  location: string | null;
  onlineUrl: string | null;
  /** Whole rupiah. */
  budget: number;
  origin: PlanItemOrigin;
  note: string | null;
}

export type NewPlanItem = Omit<AgencyPlanItem, 'id'>;
export type PlanItemChanges = Partial<Omit<AgencyPlanItem, 'id' | 'origin'>>;

export interface AgencyPlanState {
  id: string;
  agencyId: string;
  year: number;
  status: AgencyPlanStatus;
  /** The plan's one counter: every change moves it; an approved version is read by it. */
  version: number;
  /** 1 for the plan first approved, 2 for its first revision, … */
  revision: number;
  notes: string | null;
  items: AgencyPlanItem[];
  submittedAt: Date | null;
  approvedAt: Date | null;
  approvedBy: string | null;
}

export interface PlanTotals {
  items: number;
  participants: number;
  sessions: number;
  budget: number;
  budgetByType: Record<PlanCompetencyType, number>;
}

export function planTotals(
  items: readonly Pick<AgencyPlanItem, 'targetCount' | 'sessionCount' | 'budget' | 'competencyType'>[],
): PlanTotals {
  const budgetByType: Record<PlanCompetencyType, number> = { TECHNICAL: 0, MANAGERIAL: 0, SOCIOCULTURAL: 0 };
  let participants = 0;
  let sessions = 0;
  let budget = 0;
  for (const item of items) {
    participants += item.targetCount;
    sessions += item.sessionCount;
    budget += item.budget;
    budgetByType[item.competencyType] += item.budget;
  }
  return { items: items.length, participants, sessions, budget, budgetByType };
}

/** A session an approval creates: one class of an item's program, hosted by the agency. */
export interface SessionToSchedule {
  itemId: string;
  programId: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  location: string | null;
  onlineUrl: string | null;
  /** SCHEDULED when the item names a place or a link; PROPOSED (place to be confirmed) otherwise. */
  status: 'PROPOSED' | 'SCHEDULED';
}

/** Classes run 09:00–17:00 WIB, from the first planned day to the last. */
const WIB_START = 'T09:00:00+07:00';
const WIB_END = 'T17:00:00+07:00';
export const LOCATION_TO_BE_CONFIRMED = 'To be confirmed';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function realDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function invalid(errors: FieldError[]): InvalidInputError {
  return new InvalidInputError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

/** The rules of one item; `field` prefixes the names of the fields at fault. */
export function itemErrors(item: NewPlanItem, year: number, field = ''): FieldError[] {
  const errors: FieldError[] = [];
  const at = (name: string) => (field ? `${field}.${name}` : name);
  if (!Number.isInteger(item.targetCount) || item.targetCount < 1 || item.targetCount > MAX_TARGET_EMPLOYEES)
    errors.push({ field: at('targetCount'), message: `must be a whole number from 1 to ${MAX_TARGET_EMPLOYEES}` });
  else if (item.targetEmployeeIds.length > item.targetCount)
    errors.push({ field: at('targetCount'), message: `names ${item.targetEmployeeIds.length} employees, more than the count` });
  if (new Set(item.targetEmployeeIds).size !== item.targetEmployeeIds.length)
    errors.push({ field: at('targetEmployeeIds'), message: 'names an employee twice' });
  if (!Number.isInteger(item.budget) || item.budget < 0 || item.budget > MAX_BUDGET)
    errors.push({ field: at('budget'), message: 'must be whole rupiah, 0 or more' });
  if (!Number.isInteger(item.sessionCount) || item.sessionCount < 0 || item.sessionCount > MAX_SESSIONS_PER_ITEM)
    errors.push({ field: at('sessionCount'), message: `must be a whole number from 0 to ${MAX_SESSIONS_PER_ITEM}` });
  else if (item.sessionCount > 0 && !item.programId)
    errors.push({ field: at('sessionCount'), message: 'sessions are classes of a catalogue program: name its programId' });
  else if (item.sessionCount > 0 && item.deliveryMode === 'DEGREE')
    errors.push({ field: at('sessionCount'), message: 'degree study runs no sessions' });
  let datesValid = true;
  for (const name of ['plannedStart', 'plannedEnd'] as const) {
    const value = item[name];
    if (value === null) continue;
    if (!realDate(value)) errors.push({ field: at(name), message: 'must be a date (YYYY-MM-DD)' });
    else if (Number(value.slice(0, 4)) !== year) errors.push({ field: at(name), message: `must fall in the plan's year ${year}` });
    else continue;
    datesValid = false;
  }
  if ((item.plannedStart === null) !== (item.plannedEnd === null))
    errors.push({
      field: at(item.plannedStart === null ? 'plannedStart' : 'plannedEnd'),
      message: 'give both dates of the schedule, or neither',
    });
  else if (datesValid && item.plannedStart && item.plannedEnd && item.plannedEnd < item.plannedStart)
    errors.push({ field: at('plannedEnd'), message: 'cannot be before plannedStart' });
  if (!item.title.trim()) errors.push({ field: at('title'), message: 'must not be empty' });
  if (!item.provider.trim()) errors.push({ field: at('provider'), message: 'must not be empty' });
  return errors;
}

export class AgencyDevelopmentPlan {
  private constructor(private s: AgencyPlanState) {}

  /** A new draft (revision 1, version 1), e.g. from the AKPK. */
  static draft(input: { agencyId: string; year: number; notes?: string | null; items: NewPlanItem[] }): AgencyDevelopmentPlan {
    if (input.items.length > MAX_PLAN_ITEMS) throw InvalidInputError.field('items', `a plan holds at most ${MAX_PLAN_ITEMS} items`);
    const errors = input.items.flatMap((item, i) => itemErrors(item, input.year, `items[${i}]`));
    if (errors.length) throw invalid(errors);
    return new AgencyDevelopmentPlan({
      id: newId(),
      agencyId: input.agencyId,
      year: input.year,
      status: 'DRAFT',
      version: 1,
      revision: 1,
      notes: input.notes ?? null,
      items: input.items.map((item) => ({ ...item, targetEmployeeIds: [...item.targetEmployeeIds], id: newId() })),
      submittedAt: null,
      approvedAt: null,
      approvedBy: null,
    });
  }

  static restore(state: AgencyPlanState): AgencyDevelopmentPlan {
    return new AgencyDevelopmentPlan(state);
  }

  get id(): string {
    return this.s.id;
  }
  get state(): Readonly<AgencyPlanState> {
    return this.s;
  }
  get totals(): PlanTotals {
    return planTotals(this.s.items);
  }

  private assertVersion(expected: number): void {
    if (expected !== this.s.version)
      throw new ConflictError(`The development plan has changed (version ${this.s.version}, you sent ${expected}); reload it and retry`);
  }

  /** Only a draft changes: a submitted plan goes back to draft first; an approved one is immutable (revise it). */
  assertEditable(expected: number): void {
    this.assertVersion(expected);
    if (this.s.status === 'APPROVED')
      throw new RuleViolationError(
        `The ${this.s.year} plan (version ${this.s.version}) is approved and cannot change; start a revision to change it`,
      );
    if (this.s.status === 'SUBMITTED') throw new RuleViolationError('The plan is submitted for approval; return it to draft to change it');
  }

  private bump(changes: Partial<AgencyPlanState>): void {
    this.s = { ...this.s, ...changes, version: this.s.version + 1 };
  }

  private item(itemId: string): AgencyPlanItem {
    const item = this.s.items.find((i) => i.id === itemId);
    if (!item) throw new NotFoundError('Plan item', itemId);
    return item;
  }

  hasItem(itemId: string): boolean {
    return this.s.items.some((i) => i.id === itemId);
  }

  setNotes(notes: string | null, expectedVersion: number): void {
    this.assertEditable(expectedVersion);
    this.bump({ notes });
  }

  addItem(input: NewPlanItem, expectedVersion: number): AgencyPlanItem {
    this.assertEditable(expectedVersion);
    if (this.s.items.length >= MAX_PLAN_ITEMS) throw new RuleViolationError(`A plan holds at most ${MAX_PLAN_ITEMS} items`);
    const errors = itemErrors(input, this.s.year);
    if (errors.length) throw invalid(errors);
    const item: AgencyPlanItem = { ...input, targetEmployeeIds: [...input.targetEmployeeIds], id: newId() };
    this.bump({ items: [...this.s.items, item] });
    return item;
  }

  changeItem(itemId: string, changes: PlanItemChanges, expectedVersion: number): AgencyPlanItem {
    this.assertEditable(expectedVersion);
    const current = this.item(itemId);
    const next: AgencyPlanItem = { ...current };
    for (const [key, value] of Object.entries(changes) as [keyof PlanItemChanges, unknown][]) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    }
    const errors = itemErrors(next, this.s.year);
    if (errors.length) throw invalid(errors);
    this.bump({ items: this.s.items.map((i) => (i.id === itemId ? next : i)) });
    return next;
  }

  removeItem(itemId: string, expectedVersion: number): void {
    this.assertEditable(expectedVersion);
    this.item(itemId);
    this.bump({ items: this.s.items.filter((i) => i.id !== itemId) });
  }

  /** To the ministry: a plan names at least one item, and every item that runs sessions has its schedule. */
  submit(expectedVersion: number, now: Date = new Date()): void {
    this.assertVersion(expectedVersion);
    if (this.s.status !== 'DRAFT') throw new RuleViolationError(`Only a draft can be submitted; this plan is ${this.s.status}`);
    if (this.s.items.length === 0) throw new RuleViolationError('A plan with no items cannot be submitted');
    const unscheduled = this.s.items.filter((i) => i.sessionCount > 0 && i.plannedStart === null);
    if (unscheduled.length)
      throw new RuleViolationError(
        `Items that run sessions need their schedule (plannedStart, plannedEnd): ${unscheduled.map((i) => i.title).join(', ')}`,
      );
    this.bump({ status: 'SUBMITTED', submittedAt: now });
  }

  /** A submitted plan goes back to its agency (withdrawn, or returned by the ministry). */
  returnToDraft(expectedVersion: number): void {
    this.assertVersion(expectedVersion);
    if (this.s.status !== 'SUBMITTED')
      throw new RuleViolationError(`Only a submitted plan can go back to draft; this plan is ${this.s.status}`);
    this.bump({ status: 'DRAFT', submittedAt: null });
  }

  approve(expectedVersion: number, approvedBy: string, now: Date = new Date()): void {
    this.assertVersion(expectedVersion);
    if (this.s.status !== 'SUBMITTED') throw new RuleViolationError(`Only a submitted plan can be approved; this plan is ${this.s.status}`);
    this.bump({ status: 'APPROVED', approvedAt: now, approvedBy });
  }

  /** Starts the next revision of an approved plan as a draft with the same items; the approved version stays readable. */
  revise(expectedVersion: number): void {
    this.assertVersion(expectedVersion);
    if (this.s.status !== 'APPROVED') throw new RuleViolationError(`Only an approved plan can be revised; this plan is ${this.s.status}`);
    this.bump({ status: 'DRAFT', revision: this.s.revision + 1, submittedAt: null, approvedAt: null, approvedBy: null });
  }

  /**
   * The sessions approval creates: for each item of a catalogue program, its
   * sessions not created by an earlier approval (a revision that asks for
   * more classes adds them; fewer cancels none). Participants are split evenly
   * over the item's sessions, each within the program's class size.
   */
  sessionsToSchedule(maxClassSize: (programId: string) => number, alreadyCreated: (itemId: string) => number): SessionToSchedule[] {
    if (this.s.status !== 'APPROVED') throw new RuleViolationError('Sessions are scheduled by an approved plan only');
    const sessions: SessionToSchedule[] = [];
    for (const item of this.s.items) {
      if (!item.programId || item.sessionCount === 0 || !item.plannedStart || !item.plannedEnd) continue;
      const missing = item.sessionCount - alreadyCreated(item.id);
      if (missing <= 0) continue;
      const capacity = Math.max(1, Math.min(maxClassSize(item.programId), Math.ceil(item.targetCount / item.sessionCount)));
      const confirmed = Boolean(item.location || item.onlineUrl);
      for (let i = 0; i < missing; i++) {
        sessions.push({
          itemId: item.id,
          programId: item.programId,
          startsAt: new Date(item.plannedStart + WIB_START),
          endsAt: new Date(item.plannedEnd + WIB_END),
          capacity,
          location: item.location ?? (item.onlineUrl ? null : LOCATION_TO_BE_CONFIRMED),
          onlineUrl: item.onlineUrl,
          status: confirmed ? 'SCHEDULED' : 'PROPOSED',
        });
      }
    }
    return sessions;
  }
}
