// ctrf.json for a whole run (https://ctrf.io, specVersion 0.0.0): every case with its step and
// suite path, plus the synthetic cases of unexplained failures, as in junit.xml.
import { exportSuites } from './export-suites.js';
import type { RunResult, TestCase } from './model.js';
import { cleanText } from './text.js';

export interface CtrfOptions {
  /** Shakedown's version, written as results.tool.version. */
  toolVersion?: string;
}

export interface CtrfTest {
  name: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'other';
  duration: number;
  suite: string[];
  message?: string;
  trace?: string;
  filePath?: string;
  line?: number;
  rawStatus?: string;
  stdout?: string[];
  stderr?: string[];
  extra?: Record<string, string>;
}

function lines(text: string | undefined): string[] | undefined {
  return text ? cleanText(text).split('\n') : undefined;
}

function ctrfTest(testCase: TestCase, suite: string[], extra: Record<string, string>): CtrfTest {
  const test: CtrfTest = {
    name: cleanText(testCase.name),
    // CTRF has no "error"; it is a failure whose rawStatus says so.
    status: testCase.status === 'error' ? 'failed' : testCase.status,
    duration: Math.round(testCase.durationMs ?? 0),
    suite,
  };
  if (testCase.status === 'error') test.rawStatus = 'error';
  if (testCase.message) test.message = cleanText(testCase.message);
  if (testCase.details) test.trace = cleanText(testCase.details);
  if (testCase.file) test.filePath = testCase.file;
  if (testCase.line !== undefined) test.line = testCase.line;
  const stdout = lines(testCase.systemOut);
  const stderr = lines(testCase.systemErr);
  if (stdout) test.stdout = stdout;
  if (stderr) test.stderr = stderr;
  const more = { ...extra, ...(testCase.classname ? { classname: testCase.classname } : {}) };
  if (Object.keys(more).length > 0) test.extra = more;
  return test;
}

export function writeCtrf(run: RunResult, options: CtrfOptions = {}): string {
  const suites = exportSuites(run);
  const tests: CtrfTest[] = [];
  for (const { suite, path, step, worker } of suites) {
    const extra: Record<string, string> = {};
    if (step) extra.step = step;
    if (worker) extra.worker = worker;
    for (const testCase of suite.cases) tests.push(ctrfTest(testCase, path, extra));
  }
  const count = (status: CtrfTest['status']) => tests.filter((t) => t.status === status).length;
  const start = Date.parse(run.startedAt);
  const startMs = Number.isFinite(start) ? start : 0;
  const report = {
    reportFormat: 'CTRF',
    specVersion: '0.0.0',
    generatedBy: 'shakedown',
    results: {
      tool: { name: 'shakedown', ...(options.toolVersion ? { version: options.toolVersion } : {}) },
      summary: {
        tests: tests.length,
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        pending: 0,
        other: 0,
        suites: suites.length,
        start: startMs,
        stop: startMs + Math.round(run.durationMs),
        duration: Math.round(run.durationMs),
      },
      tests,
      environment: { reportName: run.workflow },
      extra: { runId: run.runId, namespace: run.namespace, status: run.status },
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
