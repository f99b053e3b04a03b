import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * scrypt (RFC 7914), a memory-hard KDF built into Node, as `scrypt$N$r$p$salt$hash`:
 * the one way secrets are kept (users' passwords, learning platforms' LRS credentials).
 */
export const scryptSecret = {
  async hash(secret: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(secret, salt, N, R, P);
    return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
  },

  async verify(secret: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt') return false;
    const expected = Buffer.from(hash, 'base64');
    const key = await derive(secret, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
    return key.length === expected.length && timingSafeEqual(key, expected);
  },

  /** Spends the time of a real check, so unknown keys cannot be told apart by timing. */
  async burn(secret: string): Promise<void> {
    await derive(secret, Buffer.alloc(16), N, R, P);
  },
};
