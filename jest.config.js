// One jest run for unit (*.spec.ts), integration (*.int-spec.ts) and end-to-end (test/**/*.e2e-spec.ts) tests,
// all against the real PostgreSQL and Redis (a dedicated database and Redis db, see test/support/env.ts).
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }],
    // Nest 12 and a few dependencies ship ES modules only; jest's CommonJS runtime needs them transformed.
    '^.+\\.m?js$': ['@swc/jest', { swcrc: false, module: { type: 'commonjs' }, jsc: { target: 'es2023', parser: { syntax: 'ecmascript' } } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@bull-board|file-type|load-esm|uid|strtok3|token-types|peek-readable|@tokenizer|uint8array-extras|csv-parse)/)'],
  setupFiles: ['<rootDir>/test/support/env.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60_000,
  maxWorkers: 1,
  cacheDirectory: '<rootDir>/.jest-cache',
};
