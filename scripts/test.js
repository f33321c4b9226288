#!/usr/bin/env node
// `npm test`: type-check, run every suite on SQLite, then the suites that need a real service
// (PostgreSQL; Redis once its suites exist), then the end-to-end suite in headless Chromium. In CI
// (CI=true) an unreachable service or a missing /usr/bin/chromium fails the run; on a laptop
// without them, their suites are skipped and this says so. Ends with one line:
// "N passed, N failed, N skipped".
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { services, reachable } = require('./services');

const totals = { passed: 0, failed: 0, skipped: 0 };
const notes = [];
const extraArgs = process.argv.slice(2);

function jest(label, args, env = {}) {
  const out = join(mkdtempSync(join(tmpdir(), 'egv-jest-')), 'results.json');
  console.log(`\n=== ${label}`);
  const result = spawnSync('npx', ['jest', '--json', `--outputFile=${out}`, ...args, ...extraArgs], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (!existsSync(out)) {
    totals.failed += 1;
    notes.push(`${label}: jest produced no results (exit ${result.status}).`);
    return;
  }
  const r = JSON.parse(readFileSync(out, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  totals.skipped += r.numPendingTests + r.numTodoTests;
  if (result.status !== 0 && r.numFailedTests + r.numRuntimeErrorTestSuites === 0) {
    totals.failed += 1;
    notes.push(`${label}: jest exited ${result.status}.`);
  }
}

(async () => {
  console.log('=== type-check (tsc --noEmit)');
  const tsc = spawnSync('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  if (tsc.status !== 0) {
    totals.failed += 1;
    notes.push('type-check failed.');
  }
  jest('SQLite suite', []);
  jest('Process suite (runserver, alone)', ['--runInBand', '--testPathPatterns', 'test/cli/runserver\\.test\\.ts$'], { EGV_SERIAL_SUITE: '1' });
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  for (const service of services) {
    if (!(await reachable(service.host, service.port))) {
      const why = `${service.name} at ${service.host}:${service.port} is unreachable (start it: ${service.start})`;
      if (ci) {
        totals.failed += 1;
        notes.push(`FAILED: ${why}; CI requires the ${service.name} suites.`);
      } else {
        notes.push(`SKIPPED: the ${service.name} suites (${service.pattern}): ${why}.`);
      }
      continue;
    }
    jest(`${service.name} suite (${service.host}:${service.port})`, ['--runInBand', '--testPathPatterns', service.pattern], service.env);
  }
  // The end-to-end suite drives the sample project in Debian's headless Chromium (test/e2e).
  const chromium = '/usr/bin/chromium';
  if (existsSync(chromium)) {
    jest('End-to-end suite (headless Chromium)', ['-c', 'test/e2e/jest.config.ts', '--runInBand']);
  } else if (ci) {
    totals.failed += 1;
    notes.push(`FAILED: ${chromium} is missing; CI requires the end-to-end suite (.ci/run installs it: apt-get install -y chromium).`);
  } else {
    notes.push(`SKIPPED: the end-to-end suite (test/e2e): ${chromium} is missing (install it: apt-get install -y chromium).`);
  }
  console.log('');
  for (const note of notes) console.log(note);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(totals.failed === 0 ? 0 : 1);
})();
