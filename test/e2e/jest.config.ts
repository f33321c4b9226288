import type { Config } from 'jest';

/**
 * End-to-end tests: the sample project served on a real port, driven by headless Chromium
 * (Debian's `chromium`, through playwright-core). Run with `npm run test:e2e`; `npm test` runs
 * them last, and skips them with a note when /usr/bin/chromium is missing (CI installs it).
 */
const config: Config = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  moduleNameMapper: { '^express-generic-views$': '<rootDir>/src/index.ts' },
  setupFiles: ['reflect-metadata'],
  maxWorkers: 1,
  testTimeout: 60000,
};

export default config;
