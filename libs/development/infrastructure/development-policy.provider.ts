import { Injectable } from '@nestjs/common';
import { environment } from '@config/environment';
import { JpRules, parseJpRules } from '../domain/jp-rules';

/** The JP rules and the yearly duty: the national defaults of RULES.md, overridden by JP_RULES and REQUIRED_JP_PER_YEAR; PROPOSAL_MIN_DEMAND. */
@Injectable()
export class DevelopmentPolicy {
  readonly jpRules: JpRules;
  readonly requiredJp: number;
  /** PROPOSAL_MIN_DEMAND: unmet demand (employees) at which the nightly job proposes a session. */
  readonly proposalMinDemand: number;

  constructor() {
    const env = environment();
    const { rules, problems } = parseJpRules(env.JP_RULES);
    if (problems.length) throw new Error(`Invalid configuration:\n  JP_RULES: ${problems.join('; ')}`);
    this.jpRules = rules;
    this.requiredJp = env.REQUIRED_JP_PER_YEAR;
    this.proposalMinDemand = env.PROPOSAL_MIN_DEMAND;
  }
}
