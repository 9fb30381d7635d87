// CTRF JSON (https://ctrf.io) → the results model. Tests are grouped into one suite per
// `suite` path (or file, or tool when neither is given), since CTRF has no suite objects.
import type { CaseStatus, TestCase, TestSuite } from './model.js';
import { ResultsParseError, checkSize } from './parse-error.js';
import { locateFailure } from './stack-location.js';
import { cleanText, trimBlock } from './text.js';

const STATUSES: Record<string, CaseStatus> = {
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped',
  // Not run to completion, for reasons the tool decides (todo, fixme, interrupted): not failures.
  pending: 'skipped',
  other: 'skipped',
};

/** A cheap sniff for CTRF among artifacts: a JSON object with a top-level "results". */
export function isCtrf(text: string): boolean {
  const head = text.slice(0, 4096);
  return /^\s*\{/.test(head) && /"results"\s*:/.test(head) && /"tests"\s*:/.test(text);
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalText(value: unknown): string | undefined {
  if (Array.isArray(value)) value = value.filter((v) => typeof v === 'string').join('\n');
  if (typeof value !== 'string') return undefined;
  const text = trimBlock(cleanText(value));
  return text === '' ? undefined : text;
}

function suiteName(test: Json, tool: string): string {
  const suite = test.suite;
  if (Array.isArray(suite) && suite.length > 0) return suite.map(String).join(' › ');
  if (typeof suite === 'string' && suite.trim()) return suite.trim();
  if (typeof test.filePath === 'string' && test.filePath) return test.filePath;
  return tool;
}

function readTest(test: unknown, index: number, source: string): TestCase {
  const where = `results.tests[${index}]`;
  if (!isObject(test) || typeof test.name !== 'string') {
    throw new ResultsParseError(source, `${where}: expected an object with a string "name"`);
  }
  const status = typeof test.status === 'string' ? STATUSES[test.status] : undefined;
  if (!status) {
    throw new ResultsParseError(
      source,
      `${where}.status: ${JSON.stringify(test.status)}; expected passed, failed, skipped, pending or other`,
    );
  }
  const result: TestCase = { name: cleanText(test.name).trim() || '(unnamed test)', status };
  if (typeof test.duration === 'number' && test.duration >= 0) {
    result.durationMs = Math.round(test.duration);
  }
  const message = optionalText(test.message);
  const details = optionalText(test.trace);
  const raw = typeof test.rawStatus === 'string' ? test.rawStatus : test.status;
  if (message) result.message = message;
  else if (test.status === 'pending' || test.status === 'other') result.message = `${raw}`;
  if (details) result.details = details;
  const filePath = typeof test.filePath === 'string' && test.filePath ? test.filePath : undefined;
  const frame =
    status === 'failed'
      ? locateFailure(`${details ?? ''}\n${message ?? ''}`, { file: filePath })
      : undefined;
  const file = filePath ?? frame?.file;
  if (file) result.file = cleanText(file);
  const line = frame?.line ?? (Number.isInteger(test.line) ? (test.line as number) : undefined);
  if (file && line !== undefined && line > 0) result.line = line;
  const systemOut = optionalText(test.stdout);
  const systemErr = optionalText(test.stderr);
  if (systemOut) result.systemOut = systemOut;
  if (systemErr) result.systemErr = systemErr;
  return result;
}

/** Parses a CTRF report into suites; `source` names the file in errors. */
export function parseCtrf(text: string, source = 'ctrf.json'): TestSuite[] {
  checkSize(text, source, 'CTRF');
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new ResultsParseError(source, `not valid JSON: ${(error as Error).message}`);
  }
  const results = isObject(document) ? document.results : undefined;
  if (!isObject(results) || !Array.isArray(results.tests)) {
    throw new ResultsParseError(
      source,
      'expected a CTRF document: {"results": {"tool": {...}, "summary": {...}, "tests": [...]}}',
    );
  }
  const tool =
    isObject(results.tool) && typeof results.tool.name === 'string' ? results.tool.name : 'ctrf';
  const suites = new Map<string, TestSuite>();
  results.tests.forEach((test, index) => {
    const testCase = readTest(test, index, source);
    const name = suiteName(test as Json, tool);
    let suite = suites.get(name);
    if (!suite) {
      suite = { name, source, cases: [], suites: [] };
      suites.set(name, suite);
    }
    suite.cases.push(testCase);
  });
  return [...suites.values()];
}
