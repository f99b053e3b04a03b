import { Injectable } from '@nestjs/common';
import { environment } from '@config/environment';
import { TooManyAttemptsError } from '@kompeten/shared/kernel';
import { RedisConnection } from '@kompeten/shared/infrastructure';

/**
 * Failed sign-ins are counted per (account, client address) in Redis; after
 * SIGNIN_MAX_FAILURES within SIGNIN_WINDOW_MINUTES the pair is locked for
 * SIGNIN_LOCK_MINUTES. Successful sign-ins are never limited, and do not wipe
 * the count: ten failures within the window lock the pair, successes or not.
 */
@Injectable()
export class SignInThrottle {
  constructor(private readonly redis: RedisConnection) {}

  private keys(email: string, address: string) {
    const pair = `${email.toLowerCase()}|${address}`;
    return { failures: `kompeten:signin:failures:${pair}`, lock: `kompeten:signin:lock:${pair}` };
  }

  async assertNotLocked(email: string, address: string): Promise<void> {
    const ttl = await this.redis.client.pttl(this.keys(email, address).lock);
    if (ttl > 0) {
      throw new TooManyAttemptsError('Too many failed sign-ins for this account from this address; try again later', Math.ceil(ttl / 1000));
    }
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const env = environment();
    const { failures, lock } = this.keys(email, address);
    const [[, count]] = (await this.redis.client
      .multi()
      .incr(failures)
      .pexpire(failures, env.SIGNIN_WINDOW_MINUTES * 60_000, 'NX')
      .exec()) as [[unknown, number]];
    if (count >= env.SIGNIN_MAX_FAILURES) {
      await this.redis.client
        .multi()
        .set(lock, '1', 'PX', env.SIGNIN_LOCK_MINUTES * 60_000)
        .del(failures)
        .exec();
    }
  }
}
