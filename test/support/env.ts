// Tests never touch the development database or Redis db 0.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kompeten_test';
process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/7';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'error';
process.env.OUTBOX_POLL_MS = '100';
process.env.QUEUE_LOCK_MS = '5000';
process.env.JWT_SECRET = 'kompeten-test-secret-0123456789';
