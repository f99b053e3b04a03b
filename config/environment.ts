import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsJSON, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateBy, validateSync } from 'class-validator';

/**
 * Every setting Kompeten reads from the environment, with its default.
 * A bad value stops the process with a message naming the variable.
 */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_PORT = 3001;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/kompeten';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET = 'kompeten-development-secret-change-me';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 3600;

  @IsOptional()
  @IsString()
  KOMPETEN_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'KOMPETEN_ADMIN_PASSWORD must be at least 8 characters' })
  KOMPETEN_ADMIN_PASSWORD?: string;

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 1mb or 512kb' })
  BODY_LIMIT = '1mb';

  /** The largest xAPI request (statements with their attachments, or a document); 413 beyond. */
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'XAPI_BODY_LIMIT must look like 16mb or 512kb' })
  XAPI_BODY_LIMIT = '16mb';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  SIGNIN_MAX_FAILURES = 10;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  SIGNIN_WINDOW_MINUTES = 15;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  SIGNIN_LOCK_MINUTES = 15;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 200;

  /** How long a worker holds a job before BullMQ counts it stalled and hands it to another. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  QUEUE_LOCK_MS = 30000;

  /**
   * How many maintenance jobs (profile recompute batches, daily jobs) one worker runs at once. Four, not two: after an
   * SKJ change the batches share the cores with the subscribers of the profiles' events, which are always behind;
   * measured on two cores (bench:profiles), 100,000 profiles were stored in 8 s instead of 10-11.6 s, and the
   * subscribers were done no later (50-54 s). Six gained nothing more.
   */
  @Transform(({ value }) => Number(value))
  @IsInt({ message: 'MAINTENANCE_CONCURRENCY must be a whole number' })
  @Min(1)
  @Max(64)
  MAINTENANCE_CONCURRENCY = 4;

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  @IsOptional()
  @IsUrl({ require_tld: false })
  PUBLIC_URL?: string;

  /** JSON overriding parts of the assessment policy (category thresholds, JPM weights, cap, validity, 360 weights). */
  @IsOptional()
  @IsJSON({ message: 'ASSESSMENT_POLICY must be JSON' })
  ASSESSMENT_POLICY?: string;

  /** The JP of competency development every employee must reach in a year (PP 11/2017 as changed by PP 17/2020, Pasal 203). */
  @Transform(({ value }) => Number(value))
  @IsInt({ message: 'REQUIRED_JP_PER_YEAR must be a whole number of JP' })
  @Min(0)
  @Max(1000)
  REQUIRED_JP_PER_YEAR = 20;

  /** Employees with an unmet need for one program in one agency at which the nightly job proposes a session of it. */
  @Transform(({ value }) => Number(value))
  @IsInt({ message: 'PROPOSAL_MIN_DEMAND must be a whole number of employees' })
  @Min(1)
  @Max(100000)
  PROPOSAL_MIN_DEMAND = 20;

  /** Participants assessed before and after a program below which its measured effectiveness is shown as not meaningful. */
  @Transform(({ value }) => Number(value))
  @IsInt({ message: 'EFFECTIVENESS_MIN_PARTICIPANTS must be a whole number of participants' })
  @Min(1)
  @Max(100000)
  EFFECTIVENESS_MIN_PARTICIPANTS = 5;

  /** Evaluations of a program below which its summary withholds comments, distributions and means (nobody's answer can be singled out). */
  @Transform(({ value }) => Number(value))
  @IsInt({ message: 'EVALUATION_MIN_RESPONSES must be a whole number of evaluations' })
  @Min(1)
  @Max(100000)
  EVALUATION_MIN_RESPONSES = 5;

  /**
   * JSON overriding the JP conversion rules: internationalBonusPercent (20), seminarDayJp (4),
   * seminarDayJpInternational (6), workshopDayJp (5), workshopDayJpInternational (7).
   */
  @IsOptional()
  @ValidateBy({
    name: 'isJsonObjectOfNumbers',
    validator: {
      validate: (value) => {
        try {
          const parsed: unknown = JSON.parse(String(value));
          return (
            !!parsed &&
            typeof parsed === 'object' &&
            !Array.isArray(parsed) &&
            Object.values(parsed).every((v) => typeof v === 'number' && v >= 0)
          );
        } catch {
          return false;
        }
      },
      defaultMessage: () => 'JP_RULES must be a JSON object of numbers (0 or more), e.g. {"internationalBonusPercent":20}',
    },
  })
  JP_RULES?: string;

  /** Verb IRIs (comma-separated) of xAPI statements that complete or pass an activity: the ADL and Tin Can registry ones by default. */
  @Matches(/^\s*[a-z][a-z0-9+.-]*:\S+\s*(,\s*[a-z][a-z0-9+.-]*:\S+\s*)*$/i, {
    message: 'XAPI_COMPLETION_VERBS must be a comma-separated list of IRIs',
  })
  XAPI_COMPLETION_VERBS =
    'http://adlnet.gov/expapi/verbs/completed,http://adlnet.gov/expapi/verbs/passed,http://id.tincanapi.com/verb/completed,http://id.tincanapi.com/verb/passed';

  /** Verb IRIs (comma-separated) of xAPI statements that fail an activity: the attempt is recorded, nothing is credited. */
  @Matches(/^\s*[a-z][a-z0-9+.-]*:\S+\s*(,\s*[a-z][a-z0-9+.-]*:\S+\s*)*$/i, {
    message: 'XAPI_FAILED_VERBS must be a comma-separated list of IRIs',
  })
  XAPI_FAILED_VERBS = 'http://adlnet.gov/expapi/verbs/failed,http://id.tincanapi.com/verb/failed';
}

export const DEVELOPMENT_ADMIN = { email: 'admin@kompeten.go.id', password: 'kompeten-admin' };

/** Reads and checks the environment; throws one message listing every bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known = Object.keys(new Environment());
  const picked: Record<string, unknown> = {};
  for (const key of [...known, 'KOMPETEN_ADMIN_EMAIL', 'KOMPETEN_ADMIN_PASSWORD', 'PUBLIC_URL', 'ASSESSMENT_POLICY', 'JP_RULES']) {
    if (raw[key] !== undefined && raw[key] !== '') picked[key] = raw[key];
  }
  const env = plainToInstance(Environment, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
  if (env.NODE_ENV === 'production') {
    if (!env.KOMPETEN_ADMIN_EMAIL) problems.push('KOMPETEN_ADMIN_EMAIL: required in production');
    if (!env.KOMPETEN_ADMIN_PASSWORD) problems.push('KOMPETEN_ADMIN_PASSWORD: required in production');
    if (env.JWT_SECRET === new Environment().JWT_SECRET) problems.push('JWT_SECRET: must be set in production');
  }
  if (problems.length) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  env.KOMPETEN_ADMIN_EMAIL ??= DEVELOPMENT_ADMIN.email;
  env.KOMPETEN_ADMIN_PASSWORD ??= DEVELOPMENT_ADMIN.password;
  return env;
}

let cached: Environment | undefined;
/** The validated environment of this process. */
export function environment(): Environment {
  cached ??= validateEnvironment(process.env);
  return cached;
}

/**
 * For decorator options evaluated when a module loads (before main() has
 * validated the environment): the raw value or the default, never a throw.
 * main() validates the same variable before anything runs.
 */
export function queueLockMs(): number {
  const value = Number(process.env.QUEUE_LOCK_MS);
  return Number.isInteger(value) && value >= 1000 ? value : new Environment().QUEUE_LOCK_MS;
}

/** MAINTENANCE_CONCURRENCY for the maintenance processor's decorator, read the same way as queueLockMs(). */
export function maintenanceConcurrency(): number {
  const value = Number(process.env.MAINTENANCE_CONCURRENCY);
  return Number.isInteger(value) && value >= 1 && value <= 64 ? value : new Environment().MAINTENANCE_CONCURRENCY;
}
