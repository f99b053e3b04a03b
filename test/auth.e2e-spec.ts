import { request as httpRequest } from 'node:http';
import { JwtService } from '@nestjs/jwt';
import IORedis from 'ioredis';
import { redisOptions } from '@kompeten/shared/infrastructure';
import { ADMIN, Answer, Http, RunningSystem, startSystem } from './support/system';
import { createAgency, expectProblem, PASSWORD, snapshot, tag } from './support/workforce';

/** POST /auth/token from a chosen local address (the loopback net is 127/8), to tell client addresses apart. */
function signInFrom(baseUrl: string, localAddress: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL('/api/v1/auth/token', baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: h, text });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('Sign-in and tokens', () => {
  let system: RunningSystem;
  let ministry: Http;
  let redis: IORedis;
  const signIn = (body: unknown, headers: Record<string, string> = {}) => signInFrom(system.url, '127.0.0.1', body, headers);

  /** A fresh agency admin, so that each test's failures lock only its own account. */
  async function newUser(): Promise<{ id: string; email: string; version: number }> {
    const email = `auth.${tag().toLowerCase()}@example.go.id`;
    const answer = await ministry.post('/api/v1/users', { email, password: PASSWORD, role: 'ASSESSOR', assessorAgencyIds: [] });
    if (answer.status !== 201) throw new Error(`${answer.status} ${answer.text}`);
    return { id: answer.body.id, email, version: answer.body.version };
  }

  beforeAll(async () => {
    system = await startSystem({ worker: false });
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    redis = new IORedis(redisOptions(process.env.REDIS_URL!));
  });
  afterAll(async () => {
    redis.disconnect();
    await system.close();
  });

  describe('POST /auth/token', () => {
    it('answers a bearer token that opens the API', async () => {
      const answer = await signIn({ email: ADMIN.email, password: ADMIN.password });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: expect.any(Number) });
      expect(answer.body.expiresIn).toBeGreaterThan(0);
      const agencies = await new Http(system.url, answer.body.accessToken).get('/api/v1/agencies');
      expect(agencies.status).toBe(200);
    });

    it('treats the email case-insensitively', async () => {
      const user = await newUser();
      expect((await signIn({ email: user.email.toUpperCase(), password: PASSWORD })).status).toBe(200);
    });

    it('answers the same 401 for a wrong password and an unknown account', async () => {
      const user = await newUser();
      const wrong = await signIn({ email: user.email, password: 'not-the-password' });
      const unknown = await signIn({ email: `nobody.${tag()}@example.go.id`, password: 'not-the-password' });
      expectProblem(wrong, 401);
      expectProblem(unknown, 401);
      expect(wrong.body.detail).toBe(unknown.body.detail);
      expect(wrong.headers.get('retry-after')).toBeNull();
    });

    it('refuses a retired user', async () => {
      const user = await newUser();
      expect((await ministry.post(`/api/v1/users/${user.id}/retire`, { version: user.version })).status).toBe(200);
      expectProblem(await signIn({ email: user.email, password: PASSWORD }), 401);
    });

    it('does not limit successful sign-ins: 15 in a row all succeed', async () => {
      const user = await newUser();
      for (let i = 1; i <= 15; i++) {
        const answer = await signIn({ email: user.email, password: PASSWORD });
        expect({ attempt: i, status: answer.status }).toEqual({ attempt: i, status: 200 });
      }
    });

    it('writes nothing to the database', async () => {
      const before = await snapshot(system.db);
      await signIn({ email: ADMIN.email, password: ADMIN.password });
      await signIn({ email: `nobody.${tag()}@example.go.id`, password: 'x' });
      expect(await snapshot(system.db)).toEqual(before);
    });
  });

  describe('failed sign-ins are limited per account and client address', () => {
    it('10 failures lock the pair: then 429 problem+json with Retry-After, even with the right password', async () => {
      const user = await newUser();
      for (let i = 1; i <= 9; i++) expectProblem(await signIn({ email: user.email, password: `wrong-${i}` }), 401);
      // Nine failures lock nothing yet, and a success in between does not wipe them from the count.
      expect((await signIn({ email: user.email, password: PASSWORD })).status).toBe(200);
      expectProblem(await signIn({ email: user.email, password: 'wrong-10' }), 401);
      for (const password of [PASSWORD, 'still-wrong']) {
        const locked = await signIn({ email: user.email, password });
        expectProblem(locked, 429);
        const retryAfter = Number(locked.headers.get('retry-after'));
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThan(14 * 60);
        expect(retryAfter).toBeLessThanOrEqual(15 * 60);
        expect(locked.text).not.toMatch(/accessToken/);
      }
    });

    it('the lock holds for every spelling of the account and cannot be dodged with X-Forwarded-For', async () => {
      const user = await newUser();
      for (let i = 1; i <= 10; i++) await signIn({ email: user.email, password: `wrong-${i}` });
      expectProblem(await signIn({ email: user.email.toUpperCase(), password: PASSWORD }), 429);
      expectProblem(
        await signIn({ email: user.email, password: PASSWORD }, { 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.7' }),
        429,
      );
    });

    it('locks only that pair: the same account from another address, and another account from this one, still sign in', async () => {
      const user = await newUser();
      const other = await newUser();
      for (let i = 1; i <= 10; i++) await signIn({ email: user.email, password: `wrong-${i}` });
      expectProblem(await signIn({ email: user.email, password: PASSWORD }), 429);
      const elsewhere = await signInFrom(system.url, '127.0.0.2', { email: user.email, password: PASSWORD });
      expect(elsewhere.status).toBe(200);
      expect((await signIn({ email: other.email, password: PASSWORD })).status).toBe(200);
      expect((await signIn({ email: ADMIN.email, password: ADMIN.password })).status).toBe(200);
      // A token issued before the lock keeps working: the lock is about guessing passwords.
      const token = elsewhere.body.accessToken;
      expect((await new Http(system.url, token).get('/api/v1/agencies')).status).toBe(200);
    });

    it('unknown accounts are limited the same way, so the answer never tells them apart', async () => {
      const email = `ghost.${tag().toLowerCase()}@example.go.id`;
      for (let i = 1; i <= 10; i++) expectProblem(await signIn({ email, password: `wrong-${i}` }), 401);
      expectProblem(await signIn({ email, password: 'anything' }), 429);
    });

    it('counts failures within a 15-minute window and lifts the lock after 15 minutes', async () => {
      const user = await newUser();
      const keys = async () => redis.keys(`kompeten:signin:*${user.email}*`);
      for (let i = 1; i <= 9; i++) await signIn({ email: user.email, password: `wrong-${i}` });
      const [failures] = await keys();
      expect(failures).toBeDefined();
      const windowMs = await redis.pttl(failures);
      expect(windowMs).toBeGreaterThan(14 * 60_000);
      expect(windowMs).toBeLessThanOrEqual(15 * 60_000);
      // The window passes: the nine failures are forgotten, so one more locks nothing.
      await redis.pexpire(failures, 1);
      await new Promise((r) => setTimeout(r, 20));
      expectProblem(await signIn({ email: user.email, password: 'wrong-10' }), 401);
      expect((await signIn({ email: user.email, password: PASSWORD })).status).toBe(200);
      // Ten failures lock; when the lock's 15 minutes pass, the right password works again.
      for (let i = 1; i <= 10; i++) await signIn({ email: user.email, password: `wrong-${i}` });
      expectProblem(await signIn({ email: user.email, password: PASSWORD }), 429);
      const lock = (await keys()).find((k) => k.includes(':lock:'));
      expect(lock).toBeDefined();
      const lockMs = await redis.pttl(lock!);
      expect(lockMs).toBeGreaterThan(14 * 60_000);
      expect(lockMs).toBeLessThanOrEqual(15 * 60_000);
      await redis.pexpire(lock!, 1);
      await new Promise((r) => setTimeout(r, 20));
      expect((await signIn({ email: user.email, password: PASSWORD })).status).toBe(200);
    });
  });

  describe('bearer tokens', () => {
    const endpoints: [string, string][] = [
      ['POST', '/api/v1/agencies'],
      ['GET', '/api/v1/agencies'],
      ['GET', '/api/v1/agencies/00000000-0000-4000-8000-000000000000'],
      ['PATCH', '/api/v1/agencies/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/v1/agencies/00000000-0000-4000-8000-000000000000/retire'],
      ['POST', '/api/v1/agencies/00000000-0000-4000-8000-000000000000/units'],
      ['GET', '/api/v1/agencies/00000000-0000-4000-8000-000000000000/units'],
      ['GET', '/api/v1/agencies/00000000-0000-4000-8000-000000000000/units/tree'],
      ['GET', '/api/v1/units/00000000-0000-4000-8000-000000000000'],
      ['PATCH', '/api/v1/units/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/v1/units/00000000-0000-4000-8000-000000000000/retire'],
      ['POST', '/api/v1/positions'],
      ['GET', '/api/v1/positions'],
      ['GET', '/api/v1/positions/00000000-0000-4000-8000-000000000000'],
      ['PATCH', '/api/v1/positions/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/v1/positions/00000000-0000-4000-8000-000000000000/retire'],
      ['POST', '/api/v1/employees'],
      ['GET', '/api/v1/employees'],
      ['GET', '/api/v1/employees/00000000-0000-4000-8000-000000000000'],
      ['PATCH', '/api/v1/employees/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/v1/employees/00000000-0000-4000-8000-000000000000/retire'],
      ['POST', '/api/v1/users'],
      ['GET', '/api/v1/users'],
      ['GET', '/api/v1/users/00000000-0000-4000-8000-000000000000'],
      ['PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/v1/users/00000000-0000-4000-8000-000000000000/retire'],
      ['GET', '/api/v1/audit-log'],
    ];

    async function expectAll401(authorization: string | undefined): Promise<void> {
      const failures: string[] = [];
      for (const [method, path] of endpoints) {
        const headers: Record<string, string> = authorization ? { authorization } : {};
        const answer = await new Http(system.url).request(method, path, method === 'GET' ? undefined : { version: 1 }, headers);
        try {
          expectProblem(answer, 401);
        } catch (error) {
          failures.push(`${method} ${path}: ${(error as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
    }

    it('every workforce endpoint needs one: 401 problem+json without', async () => {
      await expectAll401(undefined);
    });

    it('an empty, malformed, tampered, foreign-signed or expired token is refused with 401', async () => {
      const assessor = await newUser();
      const good = await ministry.signIn(assessor.email, PASSWORD);
      const [header, payload] = good.token!.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      expect(claims.role).toBe('ASSESSOR');
      const escalated = Buffer.from(JSON.stringify({ ...claims, role: 'MINISTRY_ADMIN' })).toString('base64url');
      const foreign = new JwtService({ secret: 'some-other-secret-0123456789' });
      const ours = new JwtService({ secret: process.env.JWT_SECRET! });
      const expired = await ours.signAsync({
        ...claims,
        exp: Math.floor(Date.now() / 1000) - 60,
        iat: Math.floor(Date.now() / 1000) - 3600,
      });
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      for (const authorization of [
        'Bearer',
        'Bearer ',
        'Bearer not-a-token',
        'Basic YWRtaW46YWRtaW4=',
        good.token!,
        `Bearer ${header}.${escalated}.${good.token!.split('.')[2]}`,
        `Bearer ${await foreign.signAsync({ ...claims })}`,
        `Bearer ${expired}`,
        `Bearer ${unsigned}`,
      ]) {
        const answer = await new Http(system.url).request('GET', '/api/v1/agencies', undefined, { authorization });
        try {
          expectProblem(answer, 401);
        } catch (error) {
          throw new Error(`Authorization: ${authorization.slice(0, 60)}: ${(error as Error).message}`);
        }
      }
    });

    it('an agency admin’s token carries their scope and no more', async () => {
      const ministryHttp = ministry;
      const f = await createAgency(ministryHttp, 'AUTH');
      expectProblem(await f.admin.post('/api/v1/agencies', { code: `X-${tag()}`, name: 'x', kind: 'AGENCY' }), 403);
      expectProblem(
        await f.admin.post('/api/v1/users', { email: `x.${tag()}@example.go.id`, password: PASSWORD, role: 'MINISTRY_ADMIN' }),
        403,
      );
      expect((await f.admin.get(`/api/v1/agencies/${f.agency.id}`)).status).toBe(200);
    });
  });
});
