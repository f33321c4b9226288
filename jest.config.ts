import type { Config } from 'jest';

/**
 * Unit and supertest integration tests. `*.db.test.ts` files run on SQLite here and again against
 * PostgreSQL; `*.redis.test.ts` files run only in the Redis pass (EGV_REDIS_SUITE=1), both
 * started by scripts/test.js when the services answer.
 */
const ignored = ['/node_modules/', '/test/e2e/'];
if (!process.env.EGV_REDIS_SUITE) ignored.push('\\.redis\\.test\\.ts$');
// Timing-sensitive process tests (runserver's reload and drain) run alone, after the main pass,
// so two parallel jest workers do not starve their child processes (EGV_SERIAL_SUITE=1).
if (!process.env.EGV_SERIAL_SUITE) ignored.push('/test/cli/runserver\\.test\\.ts$');

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/sample-project'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ignored,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  moduleNameMapper: { '^express-generic-views$': '<rootDir>/src/index.ts' },
  setupFiles: ['reflect-metadata'],
  maxWorkers: 2,
  testTimeout: 20000,
};

export default config;
