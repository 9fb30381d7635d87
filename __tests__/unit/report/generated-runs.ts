// Generated runs for budget tests: deterministic, sized by their parameters, with realistic
// multi-byte content (emoji, CJK, accented text) so that bytes and characters differ.
import type {
  RunResult,
  StepResult,
  TestCase,
  TestSuite,
} from '../../../src/core/results/model.js';
import { run, step } from '../results/samples.js';

export interface Size {
  steps?: number;
  failedSteps?: number;
  suites?: number;
  passingPerSuite?: number;
  failures?: number;
  detailBytes?: number;
}

function failure(i: number, detailBytes: number): TestCase {
  const frame = `    at Object.<anonymous> (/data/repo/src/feature-${i}.test.ts:${10 + (i % 90)}:7)\n`;
  const filler = 'Expected: "größe ✓ 東京"\nReceived: "groesse ✗ Tokyo"\n';
  let details = `AssertionError: check ${i} failed 💥\n${frame}`;
  while (Buffer.byteLength(details) < detailBytes) details += filler;
  return {
    name: `feature ${i} › handles the 東京 edge case ✓`,
    classname: `feature ${i}`,
    file: `/data/repo/src/feature-${i}.test.ts`,
    line: 10 + (i % 90),
    durationMs: 30 + i,
    status: i % 7 === 0 ? 'error' : 'failed',
    message: `AssertionError: check ${i} failed 💥`,
    details,
  };
}

export function generatedRun(size: Size): RunResult {
  const suites: TestSuite[] = [];
  for (let s = 0; s < (size.suites ?? 0); s++) {
    suites.push({
      name: `suite ${s} — café`,
      durationMs: 1000 + s,
      cases: Array.from({ length: size.passingPerSuite ?? 0 }, (_, i) => ({
        name: `suite ${s} test ${i} renders ünïcödé ✓`,
        durationMs: i,
        status: i % 25 === 0 ? ('skipped' as const) : ('passed' as const),
      })),
      suites: [],
    });
  }
  const failures = size.failures ?? 0;
  if (failures > 0) {
    suites.push({
      name: 'failing features',
      cases: Array.from({ length: failures }, (_, i) => failure(i, size.detailBytes ?? 1500)),
      suites: [],
    });
  }
  const steps: StepResult[] = [
    step('Run generated tests', {
      status: failures > 0 ? 'failed' : 'passed',
      exitCode: failures > 0 ? 1 : 0,
      suites,
    }),
  ];
  for (let i = 0; i < (size.steps ?? 0); i++) {
    const failed = i < (size.failedSteps ?? 0);
    steps.push(
      step(`Generated step ${i} — prépare les données 📦`, {
        path: `spec.steps[${i + 1}]`,
        status: failed ? 'failed' : 'passed',
        exitCode: failed ? 3 : 0,
        ...(failed
          ? { reason: 'Error', message: `step ${i} could not reach the café service ☕` }
          : {}),
      }),
    );
  }
  return run({ status: failures > 0 || (size.failedSteps ?? 0) > 0 ? 'failed' : 'passed', steps });
}
