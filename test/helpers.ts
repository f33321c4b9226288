import { createApp, type Settings, type FrameworkApp } from '../src';

/** Settings every test app starts from: production-like (debug off), hosts of supertest allowed. */
export function testSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    secretKey: 'test-secret-key-that-is-long-enough-for-tests',
    allowedHosts: ['127.0.0.1', 'localhost', 'testserver'],
    rootUrlconf: [],
    logger: quietLogger(),
    ...overrides,
  } as Settings;
}

/** A createApp() with testSettings(). */
export function makeApp(overrides: Partial<Settings> = {}): FrameworkApp {
  return createApp(testSettings(overrides));
}

/** A logger that records instead of printing, so tests can assert what was logged. */
export function quietLogger() {
  const lines: string[] = [];
  return {
    lines,
    error: (message: string, error?: unknown) => {
      lines.push(`ERROR ${message}${error instanceof Error ? ` ${error.message}` : ''}`);
    },
    warn: (message: string) => {
      lines.push(`WARN ${message}`);
    },
    debug: (message: string) => {
      lines.push(`DEBUG ${message}`);
    },
  };
}
