import { LoggerService } from '@nestjs/common';
import { requestContext } from '../context/request-context';

const LEVELS = { debug: 10, verbose: 10, info: 20, log: 20, warn: 30, error: 40, fatal: 50 } as const;
type Level = keyof typeof LEVELS;

/** One JSON object a line on stdout, with the request id of the request or job it belongs to. */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    private readonly service: string,
    level: 'debug' | 'info' | 'warn' | 'error' = 'info',
  ) {
    this.threshold = LEVELS[level];
  }

  private write(level: Level, message: unknown, context?: string, extra?: Record<string, unknown>): void {
    if (LEVELS[level] < this.threshold) return;
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level: level === 'log' ? 'info' : level,
      service: this.service,
      context,
      requestId: requestContext.requestId(),
      ...(typeof message === 'object' && message !== null ? (message as object) : { msg: String(message) }),
      ...extra,
    };
    process.stdout.write(JSON.stringify(line) + '\n');
  }

  private split(params: unknown[]): string | undefined {
    const last = params[params.length - 1];
    return typeof last === 'string' ? last : undefined;
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, this.split(params));
  }
  error(message: unknown, ...params: unknown[]): void {
    const context = this.split(params);
    const stack = params.find((p) => typeof p === 'string' && p.includes('\n    at '));
    this.write('error', message, context, stack ? { stack } : undefined);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, this.split(params));
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, this.split(params));
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, this.split(params));
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, this.split(params));
  }
  /** An access log line for one HTTP request. */
  access(fields: Record<string, unknown>): void {
    this.write('info', { msg: 'request', ...fields }, 'HTTP');
  }
}
