import { Development1764300004000 } from './1764300004000-development';
import { Recommendations1764300005000 } from './1764300005000-recommendations';
import { Scheduling1764300006000 } from './1764300006000-scheduling';
import { FeedbackSignals1764300007500 } from './1764300007500-feedback-signals';
import { PlatformCompletions1764300008500 } from './1764300008500-platform-completions';
import { AgencyDevelopmentPlans1764300009500 } from './1764300009500-agency-development-plans';

export const DEVELOPMENT_MIGRATIONS = [
  Development1764300004000,
  Recommendations1764300005000,
  Scheduling1764300006000,
  FeedbackSignals1764300007500,
  PlatformCompletions1764300008500,
  AgencyDevelopmentPlans1764300009500,
];
