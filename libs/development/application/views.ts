import type { DeliveryMode, TargetedCompetency } from '../contracts/events';
import type { PlanItemSource, PlanItemStatus } from '../domain/development-plan';
import type { RecordStatus } from '../domain/development-record';
import type { EnrolmentStatus } from '../domain/enrolment';
import type { SessionStatus } from '../domain/training-session';

export interface ProgramView {
  id: string;
  code: string;
  title: string;
  deliveryMode: DeliveryMode;
  /** The JP as given; null when the program is given in days. */
  jp: number | null;
  /** Seminars and workshops: the length in days, when given so. */
  days: number | null;
  /** The JP one completion credits, by the conversion rules. */
  creditJp: number;
  international: boolean;
  provider: string;
  maxClassSize: number;
  /** null: a national program. */
  agencyId: string | null;
  competencies: TargetedCompetency[];
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface SessionView {
  id: string;
  programId: string;
  programCode: string;
  programTitle: string;
  programAgencyId: string | null;
  /** The agency running the session (its admins manage it); null: the ministry. */
  hostAgencyId: string | null;
  startsAt: string;
  endsAt: string;
  capacity: number;
  location: string | null;
  onlineUrl: string | null;
  enrolmentDeadline: string;
  status: SessionStatus;
  seatsTaken: number;
  seatsLeft: number;
  waitlisted: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface EnrolmentView {
  id: string;
  sessionId: string;
  programId: string;
  employeeId: string;
  agencyId: string;
  status: EnrolmentStatus;
  /** 1 for the head of the waiting list; null unless WAITLISTED. */
  waitlistPosition: number | null;
  enrolledBy: 'SELF' | 'ADMIN';
  enrolledAt: string | null;
  waitlistedAt: string | null;
  cancelledAt: string | null;
  completedAt: string | null;
  creditedJp: number | null;
  jpYear: number | null;
  version: number;
  createdAt: string;
  /** The names beside the ids (in reads; a write's answer is read back the same way). */
  programCode?: string;
  programTitle?: string;
  sessionStartsAt?: string;
  sessionEndsAt?: string;
}

export interface DevelopmentRecordView {
  id: string;
  employeeId: string;
  agencyId: string;
  kind: DeliveryMode;
  name: string;
  provider: string;
  certificateNumber: string | null;
  international: boolean;
  jp: number | null;
  days: number | null;
  creditedJp: number;
  startDate: string;
  endDate: string;
  year: number;
  status: RecordStatus;
  /** Only VERIFIED records count toward the JP of their year. */
  counts: boolean;
  submittedBy: 'SELF' | 'ADMIN';
  verifiedAt: string | null;
  verifiedBy: string | null;
  version: number;
  createdAt: string;
}

export interface DevelopmentHoursView {
  employeeId: string;
  year: number;
  jp: number;
  requiredJp: number;
  compliant: boolean;
  shortfallJp: number;
  /** Where the JP came from. */
  fromTrainings: number;
  fromRecords: number;
}

export interface PlanItemView {
  id: string;
  employeeId: string;
  competencyCode: string;
  /** The employee's current gap in the competency (achieved − required), from their latest profile; null when unknown. */
  currentGap: number | null;
  programId: string | null;
  programCode: string | null;
  programTitle: string | null;
  sessionId: string | null;
  sessionStartsAt: string | null;
  status: PlanItemStatus;
  source: PlanItemSource;
  sourceRef: string | null;
  note: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface DevelopmentPlanView {
  employeeId: string;
  agencyId: string;
  items: PlanItemView[];
  /** The competencies in which the employee's latest profile shows a gap, largest first: what the plan should cover. */
  gaps: { competencyCode: string; requiredLevel: number; achievedLevel: number | null; gap: number }[];
}
