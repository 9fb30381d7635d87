// Realistic runs for the writer and report tests, built from the JUnit/CTRF fixtures the way
// the engine builds them: parse each report, attach its suites to the step that wrote it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCtrf } from '../../../src/core/results/ctrf-parse.js';
import { parseJUnit } from '../../../src/core/results/junit-parse.js';
import type {
  RunResult,
  ServiceResult,
  StepResult,
  TestCase,
  TestSuite,
  WorkerResult,
} from '../../../src/core/results/model.js';
import { tallyRun } from '../../../src/core/results/totals.js';

export const FIXTURES = join(process.cwd(), '__tests__/unit/results/fixtures');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function junit(name: string, as = `artifacts/${name}`): TestSuite[] {
  return parseJUnit(fixture(name), as);
}

export function step(name: string, over: Partial<StepResult> = {}): StepResult {
  const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    id,
    name,
    path: 'spec.steps[0]',
    status: 'passed',
    exitCode: 0,
    durationMs: 1000,
    attempts: 1,
    optional: false,
    negative: false,
    logFile: `logs/${id}.log`,
    artifacts: [],
    suites: [],
    steps: [],
    ...over,
  };
}

export function service(name: string, index = 0, over: Partial<ServiceResult> = {}): ServiceResult {
  return {
    name,
    instance: `${name}-${index}`,
    index,
    status: 'ready',
    ip: `10.244.0.${11 + index}`,
    readyMs: 4200,
    logFile: `logs/services/${name}-${index}.log`,
    ...over,
  };
}

export function run(over: Partial<RunResult>): RunResult {
  const base: RunResult = {
    version: 1,
    runId: '7f3k2',
    workflow: 'checkout-api',
    namespace: 'sd-checkout-api-7f3k2',
    status: 'passed',
    startedAt: '2024-05-02T09:13:58.000Z',
    durationMs: 64_250,
    services: [service('postgres'), service('redis')],
    steps: [],
    tests: { total: 0, passed: 0, failed: 0, skipped: 0, errors: 0 },
    links: { 'Job log': 'https://github.com/acme/shop/actions/runs/9021/job/24811' },
    ...over,
  };
  return { ...base, tests: tallyRun(base) };
}

function passingCases(prefix: string, count: number): TestCase[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix} case ${i + 1}`,
    classname: prefix,
    durationMs: 12 + i,
    status: 'passed' as const,
  }));
}

export function passingRun(): RunResult {
  const api: TestSuite = {
    name: 'cart api',
    source: 'artifacts/junit.xml',
    durationMs: 2510,
    cases: passingCases('cart api', 4),
    suites: [],
  };
  const health: TestSuite = { name: 'health', cases: passingCases('health', 2), suites: [] };
  health.cases.push({
    name: 'health reports redis latency',
    status: 'skipped',
    message: 'flaky in CI',
  });
  return run({
    steps: [
      step('Apply migrations', { durationMs: 3200 }),
      step('Run API tests', { path: 'spec.steps[1]', durationMs: 18_400, suites: [api, health] }),
    ],
  });
}

function worker(index: number, status: WorkerResult['status'], steps: StepResult[]): WorkerResult {
  return {
    index,
    name: `shard ${index + 1}/3`,
    status,
    durationMs: 21_000 + index * 1000,
    matrix: {},
    shard: { files: [`tests/shard-${index}`] },
    services: [],
    steps,
  };
}

/** A failing run touching every kind of outcome: test failures from four report flavours,
 * sharded workers, an OOM-killed step without a report, optional, negative and always steps. */
export function failingRun(): RunResult {
  const shards = [0, 1, 2].map((i) =>
    worker(i, i === 1 ? 'failed' : 'passed', [
      step('go test', {
        status: i === 1 ? 'failed' : 'passed',
        exitCode: i === 1 ? 1 : 0,
        suites: i === 1 ? junit('go-junit-report.xml') : [],
        logFile: `logs/go-test-shard-${i}.log`,
      }),
    ]),
  );
  return run({
    status: 'failed',
    steps: [
      step('Lint', { optional: true, status: 'failed', exitCode: 2, message: '3 problems found' }),
      step('Expect unauthenticated request to fail', { negative: true, exitCode: 22 }),
      step('Run API tests', {
        status: 'failed',
        exitCode: 1,
        durationMs: 21_870,
        suites: [
          ...junit('jest-junit.xml'),
          ...parseCtrf(fixture('ctrf-playwright.json'), 'artifacts/ctrf.json'),
        ],
      }),
      step('Python integration tests', {
        status: 'failed',
        exitCode: 1,
        attempts: 2,
        suites: junit('pytest-xunit1.xml'),
      }),
      step('Java unit tests', {
        status: 'failed',
        exitCode: 1,
        suites: junit('surefire-TEST-com.acme.shop.CartServiceTest.xml'),
      }),
      step('PHP tests', { status: 'failed', exitCode: 1, suites: junit('phpunit-nested.xml') }),
      step('Go tests', {
        status: 'failed',
        durationMs: 24_410,
        exitCode: undefined,
        workers: shards,
        logFile: undefined,
      }),
      step('Load test', {
        status: 'failed',
        exitCode: 137,
        reason: 'OOMKilled',
        message: 'container exceeded its memory limit (256Mi)',
        attempts: 3,
      }),
      step('Collect logs', { path: 'spec.after[0]' }),
    ],
  });
}

/** A run that never got to its tests: a service image could not be pulled. */
export function erroredRun(): RunResult {
  return run({
    status: 'error',
    durationMs: 41_000,
    error: { message: 'service redis-0 did not start: ErrImagePull', reason: 'ServiceFailed' },
    services: [
      service('postgres'),
      service('redis', 0, {
        status: 'failed',
        reason: 'ErrImagePull',
        message: 'failed to pull image "redis:7.9-alpine": not found',
        readyMs: undefined,
        ip: undefined,
      }),
    ],
    steps: [
      step('Run API tests', {
        status: 'skipped',
        attempts: 0,
        exitCode: undefined,
        durationMs: 0,
        reason: 'ServiceFailed',
      }),
    ],
  });
}
