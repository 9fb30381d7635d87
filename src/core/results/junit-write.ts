// The merged junit.xml of a run: one <testsuites> for the workflow, one <testsuite> per suite
// of every step and worker (named with its step path), plus the synthetic suite for failures no
// report explains. Text is cleaned of characters XML 1.0 cannot carry, then escaped by the builder.
import { XMLBuilder } from 'fast-xml-parser';
import { failureText } from './case-text.js';
import { exportSuites } from './export-suites.js';
import type { RunResult, TestCase, TestSuite, TestTotals } from './model.js';
import { cleanText } from './text.js';
import { tally } from './totals.js';

type Node = Record<string, unknown>;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  processEntities: true,
});

// Attribute values lose their line breaks when read back (attribute normalisation), so they
// are written on one line; multi-line text goes into element content.
function attr(value: string): string {
  return cleanText(value).replace(/\s+/g, ' ').trim();
}

function seconds(ms: number | undefined): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

function counts(totals: TestTotals): Node {
  return {
    '@_tests': totals.total,
    '@_failures': totals.failed,
    '@_errors': totals.errors,
    '@_skipped': totals.skipped,
  };
}

function caseNode(testCase: TestCase): Node {
  const node: Node = { '@_name': attr(testCase.name) };
  if (testCase.classname) node['@_classname'] = attr(testCase.classname);
  if (testCase.file) node['@_file'] = attr(testCase.file);
  if (testCase.line !== undefined) node['@_line'] = testCase.line;
  node['@_time'] = seconds(testCase.durationMs);
  const outcome: Node = {};
  if (testCase.message) outcome['@_message'] = attr(testCase.message);
  if (testCase.type) outcome['@_type'] = attr(testCase.type);
  const body = failureText(testCase);
  if (body) outcome['#text'] = cleanText(body);
  if (testCase.status === 'failed') node.failure = outcome;
  else if (testCase.status === 'error') node.error = outcome;
  else if (testCase.status === 'skipped') node.skipped = outcome;
  if (testCase.systemOut) node['system-out'] = cleanText(testCase.systemOut);
  if (testCase.systemErr) node['system-err'] = cleanText(testCase.systemErr);
  return node;
}

function suiteNode(suite: TestSuite, path: string[], context: Record<string, string>): Node {
  const own: TestSuite = { ...suite, suites: [] };
  const summed = suite.cases.reduce((sum, c) => sum + (c.durationMs ?? 0), 0);
  const node: Node = { '@_name': attr(path.join(' › ')), ...counts(tally([own])) };
  node['@_time'] = seconds(suite.durationMs ?? summed);
  if (suite.timestamp) node['@_timestamp'] = attr(suite.timestamp);
  if (suite.file) node['@_file'] = attr(suite.file);
  const properties = { ...context, ...(suite.properties ?? {}) };
  if (Object.keys(properties).length > 0) {
    node.properties = {
      property: Object.entries(properties).map(([name, value]) => ({
        '@_name': attr(name),
        '@_value': attr(value),
      })),
    };
  }
  node.testcase = suite.cases.map(caseNode);
  if (suite.systemOut) node['system-out'] = cleanText(suite.systemOut);
  if (suite.systemErr) node['system-err'] = cleanText(suite.systemErr);
  return node;
}

/** junit.xml for a whole run. Totals include the synthetic cases of unexplained failures. */
export function writeJUnit(run: RunResult): string {
  const suites = exportSuites(run);
  const totals = tally(suites.map(({ suite }) => ({ ...suite, suites: [] })));
  const nodes = suites.map(({ suite, path, step, worker }) => {
    const context: Record<string, string> = {};
    if (step) context['shakedown.step'] = step;
    if (worker) context['shakedown.worker'] = worker;
    if (suite.source) context['shakedown.source'] = suite.source;
    return suiteNode(suite, path, context);
  });
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': attr(run.workflow),
      ...counts(totals),
      '@_time': seconds(run.durationMs),
      '@_timestamp': attr(run.startedAt),
      testsuite: nodes,
    },
  };
  return builder.build(document) as string;
}
