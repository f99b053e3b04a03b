import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** The built worker the child processes run: `dist/apps/worker/src/main.js`, or KOMPETEN_WORKER_ENTRY (relative to the repository root). */
export function workerEntry(): string {
  const entry = resolve(ROOT, process.env.KOMPETEN_WORKER_ENTRY ?? 'dist/apps/worker/src/main.js');
  if (!existsSync(entry)) {
    throw new Error(
      `No built worker at ${entry}: build it first (npm run build, or swc into the directory KOMPETEN_WORKER_ENTRY points at)`,
    );
  }
  return entry;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A real worker (`node <entry>`) in a child process, on the test's database and Redis db. */
export class WorkerProcess {
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  readonly exited: Promise<Exit>;
  private exit?: Exit;

  private constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [workerEntry()], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: process.env.DATABASE_URL!,
        REDIS_URL: process.env.REDIS_URL!,
        WORKER_PORT: '0',
        QUEUE_LOCK_MS: '2000',
        OUTBOX_POLL_MS: '100',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (this.lines.length > 200) this.lines.splice(0, this.lines.length - 200);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise<Exit>((done) =>
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        running.delete(this);
        done(this.exit);
      }),
    );
    running.add(this);
  }

  static start(env: Record<string, string> = {}): WorkerProcess {
    return new WorkerProcess(env);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** The child's last lines of output, for failure messages. */
  output(): string {
    return this.lines.join('\n');
  }

  /** Sends `signal` and waits for the process to end. */
  async kill(signal: NodeJS.Signals): Promise<Exit> {
    if (this.alive) this.child.kill(signal);
    return this.exited;
  }

  /** A graceful stop (SIGTERM), then SIGKILL if it has not ended within `graceMs`. */
  async stop(graceMs = 15_000): Promise<Exit> {
    if (!this.alive) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

const running = new Set<WorkerProcess>();

/** Ends every worker child still running (SIGKILL): for afterAll, so a failed test leaves no process behind. */
export async function killAllWorkerProcesses(): Promise<void> {
  await Promise.all([...running].map((worker) => worker.kill('SIGKILL')));
}

process.once('exit', () => {
  for (const worker of running) worker.kill('SIGKILL').catch(() => undefined);
});
