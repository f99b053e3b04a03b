import { Injectable } from '@nestjs/common';
import { environment } from '@config/environment';
import { parseVerbList, VerbPolicy } from '../domain/completion-rules';

/** The verbs that complete, pass or fail an activity (XAPI_COMPLETION_VERBS, XAPI_FAILED_VERBS) and the LRS's own IRL for authorities. */
@Injectable()
export class LearningRecordsPolicy {
  readonly verbs: VerbPolicy;
  readonly authorityHomePage: string;

  constructor() {
    const env = environment();
    this.verbs = { completion: parseVerbList(env.XAPI_COMPLETION_VERBS), failure: parseVerbList(env.XAPI_FAILED_VERBS) };
    this.authorityHomePage = env.PUBLIC_URL ? `${env.PUBLIC_URL.replace(/\/$/, '')}/xapi` : 'urn:kompeten:lrs';
  }
}
