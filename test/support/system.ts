import { randomInt } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { environment } from '@config/environment';
import { createApiApp } from '../../apps/api/src/api.app';
import { createWorkerApp } from '../../apps/worker/src/worker.app';
import { resetPipeline } from './pipeline';

/** The API (listening on a free port) and, optionally, a worker, in this process. */
export interface RunningSystem {
  url: string;
  api: NestExpressApplication;
  worker?: INestApplication;
  db: DataSource;
  close(): Promise<void>;
}

export async function startSystem(options: { worker?: boolean } = { worker: true }): Promise<RunningSystem> {
  const api = await createApiApp();
  await api.listen(0, '127.0.0.1');
  const url = (await api.getUrl()).replace('[::1]', '127.0.0.1');
  await resetPipeline(api.get(DataSource));
  let worker: INestApplication | undefined;
  if (options.worker !== false) {
    worker = await createWorkerApp();
    await worker.init();
  }
  return {
    url,
    api,
    worker,
    db: api.get(DataSource),
    async close() {
      await worker?.close();
      await api.close();
    },
  };
}

export const ADMIN = { email: environment().KOMPETEN_ADMIN_EMAIL!, password: environment().KOMPETEN_ADMIN_PASSWORD! };

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A small HTTP client for the tests: JSON in, JSON (or problem+json) out. */
export class Http {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  as(token: string): Http {
    return new Http(this.baseUrl, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (this.token) (init.headers as Record<string, string>).authorization = `Bearer ${this.token}`;
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof Uint8Array) {
        init.body = body as string;
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      } else {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
      }
    }
    const response = await fetch(this.baseUrl + path, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body);
  }

  async signIn(email: string, password: string): Promise<Http> {
    const answer = await new Http(this.baseUrl).post('/api/v1/auth/token', { email, password });
    if (answer.status !== 200) throw new Error(`sign-in of ${email} failed: ${answer.status} ${answer.text}`);
    return this.as(answer.body.accessToken);
  }
}

/** Polls until `check` answers something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}

const issuedNips = new Set<string>();
/**
 * A valid NIP that no other test file is likely to draw: a random birth date (1960-1999), appointment (2005-2024),
 * sex and serial (about 10^10 combinations), never the same twice in a file. Test files share one database and each
 * has its own module state, so a counter restarting in every file collided across files.
 */
export function validNip(): string {
  for (;;) {
    const birth = `${randomInt(1960, 2000)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
    const appointed = `${randomInt(2005, 2025)}${String(randomInt(1, 13)).padStart(2, '0')}`;
    const nip = `${birth}${appointed}${randomInt(1, 3)}${String(randomInt(0, 1000)).padStart(3, '0')}`;
    if (!issuedNips.has(nip)) {
      issuedNips.add(nip);
      return nip;
    }
  }
}
