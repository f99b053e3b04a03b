import { Injectable } from '@nestjs/common';
import { environment } from '@config/environment';
import { AssessmentPolicy, DEFAULT_ASSESSMENT_POLICY } from '../domain/assessment-policy';

/** The national defaults, overridden by the ASSESSMENT_POLICY environment variable (JSON) where an agency's policy differs. */
@Injectable()
export class AssessmentPolicyProvider {
  readonly policy: AssessmentPolicy;

  constructor() {
    const raw = environment().ASSESSMENT_POLICY;
    const override = raw ? (JSON.parse(raw) as Partial<AssessmentPolicy>) : {};
    this.policy = {
      ...DEFAULT_ASSESSMENT_POLICY,
      ...override,
      categories: { ...DEFAULT_ASSESSMENT_POLICY.categories, ...(override.categories ?? {}) },
      raterWeights: { ...DEFAULT_ASSESSMENT_POLICY.raterWeights, ...(override.raterWeights ?? {}) },
    };
  }
}
