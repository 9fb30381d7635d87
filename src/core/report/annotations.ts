// Check run annotations for failed tests, at the file and line they point at. A test whose file
// is not in the repository (a container path that maps to nothing, a generated file) cannot be
// annotated; it is counted instead, so the summary can say so.
import type { RunResult, TestCase } from '../results/model.js';
import { isFailedCase } from '../results/status.js';
import { cleanText, firstLine } from '../results/text.js';
import { flattenCases } from '../results/walk.js';
import { ellipsis } from './markdown.js';

/** The fields of a GitHub check run annotation (output.annotations[]). */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  /** ≤ 255 characters. */
  title: string;
  /** ≤ 64 KB. */
  message: string;
  /** ≤ 64 KB. */
  raw_details?: string;
}

export interface AnnotationOptions {
  /** Whether a path relative to the repository root names a file of the repository. */
  fileExists(path: string): boolean;
  /** GitHub accepts 50 annotations per request. */
  maxPerRequest?: number;
  /** At most this many annotations in all (default 1000, i.e. 20 requests). */
  maxAnnotations?: number;
}

export interface AnnotationBatches {
  /** Send each batch in its own request (they append). */
  batches: CheckAnnotation[][];
  annotated: number;
  /** Failed tests without annotation: withoutFile + overLimit. */
  notAnnotated: number;
  /** Failed tests that name no file, or a file not in the repository. */
  withoutFile: number;
  /** Failed tests past maxAnnotations. */
  overLimit: number;
  /** A sentence for the summary when some failed tests were not annotated. */
  note?: string;
}

// GitHub documents 64 KB; stay a little under it.
const MAX_TEXT_BYTES = 64_000;

function* candidates(file: string, classname?: string): Generator<string> {
  const path = file
    .replace(/^file:\/\//, '')
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '');
  const segments = path
    .replace(/^[A-Za-z]:/, '')
    .split('/')
    .filter(Boolean);
  // An absolute container path (/data/repo/src/a.ts): try every suffix, longest first.
  for (let i = 0; i < segments.length; i++) {
    if (i > 0 && i === segments.length - 1 && segments.length > 1) break;
    yield segments.slice(i).join('/');
  }
  // A bare file name from a Go stack (cart_test.go): the package path says where it is.
  if (segments.length === 1 && classname?.includes('/')) {
    const dirs = classname.split('/');
    for (let i = 0; i < dirs.length; i++) yield [...dirs.slice(i), segments[0]].join('/');
  }
  // A JVM frame gives the package path; the source root is conventional.
  if (/\.(?:java|kt|scala|groovy)$/.test(path) && segments.length > 1) {
    for (const root of [
      'src/test/java',
      'src/test/kotlin',
      'src/test/scala',
      'src/test/groovy',
      'src/main/java',
    ]) {
      yield `${root}/${segments.join('/')}`;
    }
  }
}

/** The repository path of a test's file, trying the ways test reports name files. */
export function repositoryPath(
  testCase: Pick<TestCase, 'file' | 'classname'>,
  fileExists: (path: string) => boolean,
): string | undefined {
  if (!testCase.file) return undefined;
  for (const candidate of candidates(testCase.file, testCase.classname)) {
    if (fileExists(candidate)) return candidate;
  }
  return undefined;
}

function annotation(path: string, testCase: TestCase, suitePath: string[]): CheckAnnotation {
  const line = testCase.line ?? 1;
  const context = suitePath.length > 0 ? `${suitePath[suitePath.length - 1]} › ` : '';
  const details = testCase.details ? cleanText(testCase.details) : undefined;
  const message =
    (testCase.message && cleanText(testCase.message)) ||
    (details && firstLine(details)) ||
    (testCase.status === 'error' ? 'Test errored' : 'Test failed');
  const result: CheckAnnotation = {
    path,
    start_line: line,
    end_line: line,
    annotation_level: 'failure',
    title: ellipsis(cleanText(`${context}${testCase.name}`).replace(/\s+/g, ' '), 255, 'chars'),
    message: ellipsis(message, MAX_TEXT_BYTES),
  };
  if (details && details !== message) result.raw_details = ellipsis(details, MAX_TEXT_BYTES);
  return result;
}

function describeMissing(withoutFile: number, overLimit: number, max: number): string | undefined {
  const total = withoutFile + overLimit;
  if (total === 0) return undefined;
  const reasons: string[] = [];
  if (withoutFile > 0) {
    reasons.push(
      `${withoutFile} ${withoutFile === 1 ? 'names' : 'name'} no file of this repository`,
    );
  }
  if (overLimit > 0) reasons.push(`${overLimit} over the limit of ${max} annotations`);
  const subject = total === 1 ? '1 failed test was' : `${total} failed tests were`;
  return `${subject} not annotated: ${reasons.join(', ')}.`;
}

/** Annotations for the run's failed tests, in batches of maxPerRequest. */
export function buildAnnotations(run: RunResult, options: AnnotationOptions): AnnotationBatches {
  const perRequest = Math.max(1, options.maxPerRequest ?? 50);
  const max = options.maxAnnotations ?? 1000;
  const all: CheckAnnotation[] = [];
  let withoutFile = 0;
  let overLimit = 0;
  for (const { testCase, suitePath } of flattenCases(run)) {
    if (!isFailedCase(testCase)) continue;
    const path = repositoryPath(testCase, options.fileExists);
    if (!path) withoutFile++;
    else if (all.length >= max) overLimit++;
    else all.push(annotation(path, testCase, suitePath));
  }
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < all.length; i += perRequest) batches.push(all.slice(i, i + perRequest));
  const note = describeMissing(withoutFile, overLimit, max);
  return {
    batches,
    annotated: all.length,
    notAnnotated: withoutFile + overLimit,
    withoutFile,
    overLimit,
    ...(note ? { note } : {}),
  };
}
