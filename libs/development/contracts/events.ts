/** Integration events the Development context publishes (names fixed by the API catalogue). */
export const DEVELOPMENT_EVENTS = {
  TrainingCompleted: 'TrainingCompleted',
  DevelopmentRecorded: 'DevelopmentRecorded',
  RecommendationsGenerated: 'RecommendationsGenerated',
  TrainingSessionStartingSoon: 'TrainingSessionStartingSoon',
  TrainingCompletionReversed: 'TrainingCompletionReversed',
  TrainingEnrolled: 'TrainingEnrolled',
  DevelopmentPlanItemAdded: 'DevelopmentPlanItemAdded',
} as const;

export const DELIVERY_MODES = [
  'CLASSROOM',
  'E_LEARNING',
  'BLENDED',
  'COACHING',
  'MENTORING',
  'INTERNSHIP',
  'SELF_LEARNING',
  'COMMUNITY_OF_PRACTICE',
  'SEMINAR',
  'WORKSHOP',
  'DEGREE',
] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export interface TargetedCompetency {
  competencyCode: string;
  targetLevel: number;
}

/**
 * An employee attended and passed a session of a catalogue program, or completed it on a learning platform
 * (source PLATFORM: no enrolment nor session); the JP it credits were booked once, for `year`.
 */
export interface TrainingCompletedPayload {
  /** null for a platform completion. */
  enrolmentId: string | null;
  /** null for a platform completion. */
  sessionId: string | null;
  /** Absent on events published before platforms: an enrolment. */
  source?: 'ENROLMENT' | 'PLATFORM';
  /** For a platform completion: its id (the JP ledger's source id). */
  platformCompletionId?: string;
  employeeId: string;
  /** The employee's agency at enrolment. */
  agencyId: string;
  programId: string;
  programCode: string;
  deliveryMode: DeliveryMode;
  competencies: TargetedCompetency[];
  /** JP credited, after the conversion rules (international bonus, seminar and workshop days). */
  jp: number;
  completedAt: string;
  year: number;
}

/**
 * Development done outside the catalogue now counts: recorded by an admin, or
 * submitted by the employee and verified by an admin of their agency.
 */
export interface DevelopmentRecordedPayload {
  recordId: string;
  employeeId: string;
  agencyId: string;
  kind: DeliveryMode;
  name: string;
  provider: string;
  certificateNumber: string | null;
  /** JP credited, after the conversion rules. */
  jp: number;
  startDate: string;
  endDate: string;
  year: number;
  verifiedAt: string;
}

/** One recommended program for one gap (the reasons are in the API answer, not the event). */
export interface RecommendedItem {
  rank: number;
  programId: string;
  programCode: string;
  competencyCode: string;
  gap: number;
  targetLevel: number;
  score: number;
  sessionId: string | null;
}

/** An employee's current set of recommendations changed (it replaces the previous one). */
export interface RecommendationsGeneratedPayload {
  employeeId: string;
  agencyId: string;
  generatedAt: string;
  items: RecommendedItem[];
}

/** A scheduled session an employee holds a seat in starts within 7 days (sent once per enrolment). */
export interface TrainingSessionStartingSoonPayload {
  enrolmentId: string;
  sessionId: string;
  employeeId: string;
  agencyId: string;
  programId: string;
  programCode: string;
  programTitle: string;
  startsAt: string;
  endsAt: string;
  location: string | null;
  onlineUrl: string | null;
}

/** An employee was enrolled in a session of a program (a seat, or a place on its waiting list). */
export interface TrainingEnrolledPayload {
  enrolmentId: string;
  sessionId: string;
  employeeId: string;
  agencyId: string;
  programId: string;
  programCode: string;
  /** The competencies the program develops. */
  competencies: TargetedCompetency[];
  status: 'ENROLLED' | 'WAITLISTED';
  enrolledAt: string;
}

/** An item was added to an employee's individual development plan (IDP). */
export interface DevelopmentPlanItemAddedPayload {
  planItemId: string;
  employeeId: string;
  agencyId: string;
  /** The competency the item develops. */
  competencyCode: string;
  programId: string;
  /** Every competency the item's program develops. */
  competencyCodes: string[];
  source: 'MANUAL' | 'RECOMMENDATION';
  addedAt: string;
}

/** A platform completion's statement was voided: its JP were taken back out of the ledger. */
export interface TrainingCompletionReversedPayload {
  platformCompletionId: string;
  employeeId: string;
  agencyId: string;
  programId: string;
  jp: number;
  year: number;
  reversedAt: string;
}
