import { join } from 'node:path';
import { closers } from '../../../src/core/report/budget.js';
import type { ReportOptions } from '../../../src/core/report/options.js';
import {
  CHECK_SUMMARY_LIMIT_BYTES,
  GITHUB_COMMENT_LIMIT_CHARS,
  GITLAB_NOTE_LIMIT_CHARS,
  JOB_SUMMARY_LIMIT_BYTES,
  checkTitle,
  commentMarker,
  fitCheckSummary,
  fitComment,
  fitJobSummary,
  renderCheckSummary,
  renderComment,
  renderJobSummary,
} from '../../../src/core/report/renderers.js';
import { erroredRun, failingRun, passingRun } from '../results/samples.js';
import { generatedRun } from './generated-runs.js';
import { expectGolden } from './golden.js';

const GOLDEN = join(process.cwd(), '__tests__/unit/report/golden');

// The files of the repository the sample runs were taken from.
const REPO_FILES = new Set([
  'src/cart.api.test.ts',
  'e2e/checkout.spec.ts',
  'tests/test_cart.py',
  'tests/test_db.py',
  'src/test/java/com/acme/shop/CartServiceTest.java',
  'tests/Unit/CartTest.php',
  'internal/cart/cart_test.go',
  'internal/store/redis_test.go',
]);

const inRepo: ReportOptions = {
  fileExists: (path) => REPO_FILES.has(path),
  fileUrl: (path, line) =>
    REPO_FILES.has(path)
      ? `https://github.com/acme/shop/blob/4f2a9c1/${path}#L${line ?? 1}`
      : undefined,
};

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('golden reports', () => {
  it.each([
    ['passing.check-summary.md', () => renderCheckSummary(passingRun())],
    ['passing.comment.md', () => renderComment(passingRun())],
    ['failing.check-summary.md', () => renderCheckSummary(failingRun(), inRepo)],
    [
      'failing.comment.md',
      () =>
        renderComment(failingRun(), {
          ...inRepo,
          notes: ['2 failed tests were not annotated: 2 name no file of this repository.'],
        }),
    ],
    ['errored.job-summary.md', () => renderJobSummary(erroredRun())],
    // Small limits show each degradation level on a readable page.
    [
      'degraded-failed.check-summary.md',
      () => renderCheckSummary(failingRun(), { ...inRepo, limit: 5000 }),
    ],
    [
      'degraded-counts.check-summary.md',
      () => renderCheckSummary(failingRun(), { ...inRepo, limit: 2000 }),
    ],
    [
      'degraded-truncated.comment.md',
      () =>
        renderComment(failingRun(), {
          limit: 800,
          fullResultsUrl: 'https://github.com/acme/shop/actions/runs/9021',
        }),
    ],
  ])('%s', (name, render) => {
    expectGolden(GOLDEN, name, render());
  });
});

describe('degradation', () => {
  it('keeps every detail when it fits', () => {
    const fitted = fitCheckSummary(failingRun());
    expect(fitted).toMatchObject({ level: 'full', failuresShown: 9, failuresTotal: 9 });
  });

  it.each([
    [5000, 'failed'],
    [2000, 'counts'],
    [800, 'truncated'],
  ])('at %i bytes renders at level %s and fits', (limit, level) => {
    const fitted = fitCheckSummary(failingRun(), { limit });
    expect(fitted.level).toBe(level);
    expect(bytes(fitted.markdown)).toBeLessThanOrEqual(limit);
    expect(closers(fitted.markdown)).toBe('');
  });

  it('shows as many failures as fit, then a count', () => {
    const fitted = fitCheckSummary(failingRun(), { limit: 5000 });
    expect(fitted.failuresShown).toBeGreaterThan(0);
    expect(fitted.failuresShown).toBeLessThan(9);
    expect(fitted.markdown).toContain(`… and ${9 - fitted.failuresShown} more failed test`);
    // One more would not have fitted.
    const more = fitCheckSummary(failingRun(), { limit: bytes(fitted.markdown) + 200 });
    expect(more.failuresShown).toBe(fitted.failuresShown);
  });
});

describe('platform budgets on generated runs', () => {
  const cases = {
    'every test (2,000 passing)': { suites: 20, passingPerSuite: 100, failures: 3 },
    'failed only (3,000 passing, 300 failures of 2 KB)': {
      suites: 30,
      passingPerSuite: 100,
      failures: 300,
      detailBytes: 2048,
    },
    'counts only (2,000 passing steps and failures)': { steps: 2000, failures: 50 },
    'truncated (3,000 failed steps)': { steps: 3000, failedSteps: 3000, failures: 10 },
  };
  const runs = Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, generatedRun(v)]));

  it.each([
    ['every test (2,000 passing)', 'failed'],
    ['failed only (3,000 passing, 300 failures of 2 KB)', 'failed'],
    ['counts only (2,000 passing steps and failures)', 'counts'],
    ['truncated (3,000 failed steps)', 'truncated'],
  ])('check summary: %s → %s, within 65535 bytes', (name, level) => {
    const fitted = fitCheckSummary(runs[name]!);
    expect(fitted.level).toBe(level);
    expect(bytes(fitted.markdown)).toBeLessThanOrEqual(CHECK_SUMMARY_LIMIT_BYTES);
    expect(closers(fitted.markdown)).toBe('');
  });

  it.each(Object.keys(cases))(
    'comment: %s, within 65536 characters with the marker first',
    (name) => {
      const run = runs[name]!;
      const text = renderComment(run);
      expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT_CHARS);
      expect(text.startsWith(`${commentMarker(run.workflow)}\n`)).toBe(true);
      expect(closers(text)).toBe('');
    },
  );

  it.each(Object.keys(cases))('job summary: %s, within 1 MiB', (name) => {
    const text = renderJobSummary(runs[name]!);
    expect(bytes(text)).toBeLessThanOrEqual(JOB_SUMMARY_LIMIT_BYTES);
    expect(closers(text)).toBe('');
  });

  it('gives a GitLab note more room than a GitHub comment', () => {
    const run = runs['failed only (3,000 passing, 300 failures of 2 KB)']!;
    const github = fitComment(run);
    const gitlab = fitComment(run, { limit: GITLAB_NOTE_LIMIT_CHARS });
    expect(github.failuresShown).toBeLessThan(gitlab.failuresShown);
    expect(gitlab.markdown.length).toBeLessThanOrEqual(GITLAB_NOTE_LIMIT_CHARS);
    expect(fitJobSummary(run).failuresShown).toBeGreaterThan(github.failuresShown);
  });

  it('counts bytes, not characters, for check runs', () => {
    // Multi-byte text: a character budget would let the summary overflow in bytes.
    const run = runs['failed only (3,000 passing, 300 failures of 2 KB)']!;
    const summary = renderCheckSummary(run);
    expect(bytes(summary)).toBeGreaterThan(summary.length);
    expect(bytes(summary)).toBeLessThanOrEqual(CHECK_SUMMARY_LIMIT_BYTES);
  });
});

describe('commentMarker', () => {
  it('is a hidden HTML comment naming the workflow', () => {
    expect(commentMarker('checkout-api')).toBe('<!-- shakedown:checkout-api -->');
    expect(commentMarker('a b--><script>')).toBe('<!-- shakedown:a_b-__script_ -->');
  });
});

describe('checkTitle', () => {
  it('summarises the counts in plain text', () => {
    expect(checkTitle(failingRun())).toBe('Failed: 6 failed, 3 errors, 15 passed, 5 skipped');
    expect(checkTitle(passingRun())).toBe('Passed: 6 passed, 1 skipped');
    expect(checkTitle(erroredRun())).toBe('Could not run: no test results');
  });
});
