// JUnit XML → the results model. One reader for the flavours found in the wild: Maven
// surefire (single <testsuite> root, properties), jest-junit and pytest (<testsuites>), go-junit-report,
// PHPUnit-style nested suites. The XML itself is read by the hardened reader.
import type { CaseStatus, TestCase, TestSuite } from './model.js';
import { ResultsParseError } from './parse-error.js';
import { locateFailure } from './stack-location.js';
import { cleanText, firstLine, trimBlock } from './text.js';
import { attribute, children, readXml, textOf, type XmlElement } from './xml-reader.js';

/**
 * A cheap sniff for JUnit XML among artifacts: the root element is <testsuites> or <testsuite>.
 * Reads only the start of the text.
 */
export function isJUnit(text: string): boolean {
  const head = text.slice(0, 64 * 1024).replace(/^\ufeff/, '');
  return /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*|<\?[^>]*\?>\s*)*<testsuites?[\s>/]/.test(
    head,
  );
}

/** Seconds as written by test runners ("0.052", "1,234.5") → whole milliseconds. */
function milliseconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value.replace(/,/g, '').trim());
  return value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0
    ? Math.round(seconds * 1000)
    : undefined;
}

function positiveInt(value: string | undefined): number | undefined {
  const n = value === undefined ? NaN : Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function block(elements: XmlElement[]): string | undefined {
  const text = trimBlock(cleanText(elements.map(textOf).join('\n')));
  return text === '' ? undefined : text;
}

function properties(suite: XmlElement): Record<string, string> | undefined {
  const entries: [string, string][] = [];
  for (const group of children(suite, 'properties')) {
    for (const property of children(group, 'property')) {
      const name = attribute(property, 'name');
      if (name !== undefined)
        entries.push([name, attribute(property, 'value') ?? textOf(property)]);
    }
  }
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

interface Outcome {
  status: CaseStatus;
  element?: XmlElement;
}

function outcome(testcase: XmlElement): Outcome {
  // A <failure> (an assertion) says more than an <error> that may come from a teardown.
  // Surefire's <flakyFailure>/<rerunFailure> on a passing case are deliberately ignored.
  const failure = children(testcase, 'failure')[0];
  if (failure) return { status: 'failed', element: failure };
  const error = children(testcase, 'error')[0];
  if (error) return { status: 'error', element: error };
  const skipped = children(testcase, 'skipped')[0];
  if (skipped) return { status: 'skipped', element: skipped };
  return { status: 'passed' };
}

function readCase(testcase: XmlElement, zeroBasedLines = false): TestCase {
  const classname = attribute(testcase, 'classname') ?? attribute(testcase, 'class');
  const { status, element } = outcome(testcase);
  const result: TestCase = {
    name: cleanText(attribute(testcase, 'name') ?? '').trim() || '(unnamed test)',
    ...(classname ? { classname: cleanText(classname) } : {}),
    status,
  };
  const durationMs = milliseconds(attribute(testcase, 'time'));
  if (durationMs !== undefined) result.durationMs = durationMs;

  if (element) {
    const details = block([element]);
    const message =
      cleanText(attribute(element, 'message') ?? '').trim() || firstLine(details ?? '');
    const type = attribute(element, 'type');
    if (message) result.message = message;
    if (type) result.type = cleanText(type);
    if (details) result.details = details;
  }

  const fileAttr = attribute(testcase, 'file');
  let line = positiveInt(attribute(testcase, 'line'));
  if (line !== undefined && zeroBasedLines) line += 1;
  const failureText =
    status === 'failed' || status === 'error'
      ? `${result.details ?? ''}\n${result.message ?? ''}`
      : '';
  const frame = failureText ? locateFailure(failureText, { file: fileAttr, classname }) : undefined;
  const file = fileAttr ? cleanText(fileAttr) : frame?.file;
  if (file) result.file = file;
  const bestLine = frame?.line ?? line;
  if (file && bestLine !== undefined) result.line = bestLine;

  const systemOut = block(children(testcase, 'system-out'));
  const systemErr = block(children(testcase, 'system-err'));
  if (systemOut) result.systemOut = systemOut;
  if (systemErr) result.systemErr = systemErr;
  return result;
}

function readSuite(element: XmlElement, source: string, fallbackName: string): TestSuite {
  const file = attribute(element, 'file');
  const name =
    cleanText(attribute(element, 'name') ?? '').trim() || (file ? cleanText(file) : fallbackName);
  const suite: TestSuite = { name, source, cases: [], suites: [] };
  if (file) suite.file = cleanText(file);
  const durationMs = milliseconds(attribute(element, 'time'));
  if (durationMs !== undefined) suite.durationMs = durationMs;
  const timestamp = attribute(element, 'timestamp');
  if (timestamp) suite.timestamp = timestamp;
  const props = properties(element);
  if (props) suite.properties = props;
  const systemOut = block(children(element, 'system-out'));
  const systemErr = block(children(element, 'system-err'));
  if (systemOut) suite.systemOut = systemOut;
  if (systemErr) suite.systemErr = systemErr;
  // pytest (whose suite is named "pytest" unless configured otherwise) writes the 0-based line
  // of the test function.
  const zeroBased = name === 'pytest';
  suite.cases = children(element, 'testcase').map((testcase) => readCase(testcase, zeroBased));
  suite.suites = children(element, 'testsuite').map((nested) => readSuite(nested, source, name));
  return suite;
}

/**
 * Parses JUnit XML into test suites. `source` names the file in errors and is kept on every
 * suite. Throws ResultsParseError for malformed, oversized or unsafe XML, or another root.
 */
export function parseJUnit(text: string, source: string): TestSuite[] {
  const document = readXml(text, source);
  const roots = Object.keys(document).filter(
    (key) => !key.startsWith('#') && !key.startsWith('@_'),
  );
  const [rootName] = roots;
  const root = rootName ? children(document, rootName)[0] : undefined;
  if (rootName === 'testsuite' && root) return [readSuite(root, source, source)];
  if (rootName !== 'testsuites' || !root) {
    throw new ResultsParseError(
      source,
      `root element is <${rootName ?? 'nothing'}>; expected <testsuites> or <testsuite> (JUnit XML)`,
    );
  }
  const suites = children(root, 'testsuite').map((suite) => readSuite(suite, source, source));
  // Some tools put test cases straight under <testsuites>.
  const loose = children(root, 'testcase');
  if (loose.length > 0) {
    const name = cleanText(attribute(root, 'name') ?? '').trim() || source;
    suites.push({ name, source, cases: loose.map((testcase) => readCase(testcase)), suites: [] });
  }
  return suites;
}
