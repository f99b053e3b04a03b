import { Injectable } from '@nestjs/common';
import { scryptSecret } from '@kompeten/shared/infrastructure';

/** Users' passwords: scrypt (RFC 7914) as `scrypt$N$r$p$salt$hash`, the one secret hashing of the codebase (shared). */
@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return scryptSecret.hash(password);
  }

  verify(password: string, stored: string): Promise<boolean> {
    return scryptSecret.verify(password, stored);
  }

  /** Spends the same time as a real check, so unknown accounts cannot be told apart by timing. */
  burn(password: string): Promise<void> {
    return scryptSecret.burn(password);
  }
}
