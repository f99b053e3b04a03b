// Imported first by the benchmarks: their own database (one per benchmark, e.g. kompeten_bench_import) and Redis db,
// set before anything reads the environment.
import { basename } from 'node:path';

const bench = basename(process.argv[1] ?? 'bench', '.js')
  .replace(/\.bench$/, '')
  .replace(/[^a-z0-9_]/gi, '_');
process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/kompeten_bench_${bench}`;
process.env.REDIS_URL = process.env.BENCH_REDIS_URL ?? (bench === 'profiles' ? 'redis://127.0.0.1:6379/5' : 'redis://127.0.0.1:6379/6');
process.env.LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
