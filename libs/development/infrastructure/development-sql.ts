/**
 * Column lists that read each table as its view shape (camelCase), shared by
 * queries and writes. numeric columns are read as float8: JP have two decimals.
 */
export const PROGRAM_COLUMNS = `p.id, p.code, p.title, p.delivery_mode AS "deliveryMode", p.jp::float8 AS jp, p.days::float8 AS days,
  p.international, p.provider, p.max_class_size AS "maxClassSize", p.agency_id AS "agencyId",
  COALESCE((SELECT jsonb_agg(jsonb_build_object('competencyCode', pc.competency_code, 'targetLevel', pc.target_level) ORDER BY pc.ordinal)
              FROM development.program_competencies pc WHERE pc.program_id = p.id), '[]'::jsonb) AS competencies,
  p.active, p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

export const SESSION_COLUMNS = `s.id, s.program_id AS "programId", p.code AS "programCode", p.title AS "programTitle", p.agency_id AS "programAgencyId",
  s.host_agency_id AS "hostAgencyId", s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.capacity, s.location, s.online_url AS "onlineUrl",
  s.enrolment_deadline AS "enrolmentDeadline", s.status, s.seats_taken AS "seatsTaken",
  CASE WHEN s.status IN ('PROPOSED', 'SCHEDULED') THEN s.capacity - s.seats_taken ELSE 0 END AS "seatsLeft",
  (SELECT count(*)::int FROM development.enrolments w WHERE w.session_id = s.id AND w.status = 'WAITLISTED') AS waitlisted,
  s.version, s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;
export const SESSION_FROM = `development.sessions s JOIN development.programs p ON p.id = s.program_id`;

export const ENROLMENT_COLUMNS = `e.id, e.session_id AS "sessionId", e.program_id AS "programId", e.employee_id AS "employeeId", e.agency_id AS "agencyId",
  e.status, NULL::int AS "waitlistPosition", e.enrolled_by AS "enrolledBy", e.enrolled_at AS "enrolledAt", e.waitlisted_at AS "waitlistedAt",
  e.cancelled_at AS "cancelledAt", e.completed_at AS "completedAt", e.credited_jp::float8 AS "creditedJp", e.jp_year AS "jpYear",
  e.version, e.created_at AS "createdAt",
  (SELECT p.code FROM development.programs p WHERE p.id = e.program_id) AS "programCode",
  (SELECT p.title FROM development.programs p WHERE p.id = e.program_id) AS "programTitle",
  (SELECT s.starts_at FROM development.sessions s WHERE s.id = e.session_id) AS "sessionStartsAt",
  (SELECT s.ends_at FROM development.sessions s WHERE s.id = e.session_id) AS "sessionEndsAt"`;

export const RECORD_COLUMNS = `r.id, r.employee_id AS "employeeId", r.agency_id AS "agencyId", r.kind, r.name, r.provider,
  r.certificate_number AS "certificateNumber", r.international, r.jp::float8 AS jp, r.days::float8 AS days,
  r.credited_jp::float8 AS "creditedJp", to_char(r.start_date, 'YYYY-MM-DD') AS "startDate", to_char(r.end_date, 'YYYY-MM-DD') AS "endDate",
  r.year, r.status, r.status = 'VERIFIED' AS counts, r.submitted_by AS "submittedBy", r.verified_at AS "verifiedAt",
  r.verified_by AS "verifiedBy", r.version, r.created_at AS "createdAt"`;

export const PLAN_ITEM_COLUMNS = `i.id, i.employee_id AS "employeeId", i.competency_code AS "competencyCode", g.gap AS "currentGap",
  COALESCE(i.program_id, s.program_id) AS "programId", p.code AS "programCode", p.title AS "programTitle",
  i.session_id AS "sessionId", s.starts_at AS "sessionStartsAt", i.status, i.source, i.source_ref AS "sourceRef", i.note,
  i.version, i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;
export const PLAN_ITEM_FROM = `development.plan_items i
  LEFT JOIN development.sessions s ON s.id = i.session_id
  LEFT JOIN development.programs p ON p.id = COALESCE(i.program_id, s.program_id)
  LEFT JOIN development.employee_gaps g ON g.employee_id = i.employee_id AND g.competency_code = i.competency_code`;
