// The reports each platform shows, with its own size limit and unit.
import type { RunResult, TestTotals } from '../results/model.js';
import type { Budget } from './budget.js';
import { fitReport, type FitOptions, type FittedReport } from './fit-report.js';
import type { ReportOptions } from './options.js';

/** GitHub check run output.summary: 65535, counted in bytes. */
export const CHECK_SUMMARY_LIMIT_BYTES = 65535;
/** GitHub issue/PR comment body: 65536 characters. */
export const GITHUB_COMMENT_LIMIT_CHARS = 65536;
/** GitLab merge request note body: 1,000,000 characters. */
export const GITLAB_NOTE_LIMIT_CHARS = 1_000_000;
/** GitHub job summary ($GITHUB_STEP_SUMMARY): 1 MiB per step. */
export const JOB_SUMMARY_LIMIT_BYTES = 1024 * 1024;

/**
 * The hidden marker that finds a workflow's sticky comment or note again. Test output cannot
 * forge it: `<` is always escaped in rendered text.
 */
export function commentMarker(workflow: string): string {
  return `<!-- shakedown:${workflow.replace(/[^A-Za-z0-9._/-]/g, '_').replace(/-{2,}/g, '-')} -->`;
}

/** output.summary of a GitHub check run, within 65535 bytes (or `options.limit` bytes). */
export function renderCheckSummary(run: RunResult, options: ReportOptions = {}): string {
  return fitCheckSummary(run, options).markdown;
}

export function fitCheckSummary(run: RunResult, options: ReportOptions = {}): FittedReport {
  return fitWithin(run, options, {
    limit: CHECK_SUMMARY_LIMIT_BYTES,
    unit: 'bytes',
    name: 'check run summary',
  });
}

/**
 * A sticky PR comment or MR note body, starting with commentMarker(run.workflow). The limit is
 * in characters: 65536 on GitHub (the default), GITLAB_NOTE_LIMIT_CHARS on GitLab.
 */
export function renderComment(run: RunResult, options: ReportOptions = {}): string {
  return fitComment(run, options).markdown;
}

export function fitComment(run: RunResult, options: ReportOptions = {}): FittedReport {
  return fitWithin(
    run,
    { ...options, prefix: `${commentMarker(run.workflow)}\n` },
    { limit: GITHUB_COMMENT_LIMIT_CHARS, unit: 'chars', name: 'comment' },
  );
}

/** The job summary, within 1 MiB (or `options.limit` bytes). */
export function renderJobSummary(run: RunResult, options: ReportOptions = {}): string {
  return fitJobSummary(run, options).markdown;
}

export function fitJobSummary(run: RunResult, options: ReportOptions = {}): FittedReport {
  return fitWithin(
    run,
    { maxDetailBytes: 8000, ...options },
    { limit: JOB_SUMMARY_LIMIT_BYTES, unit: 'bytes', name: 'job summary' },
  );
}

/** fitReport within `options.limit`, else the platform's limit; readers are told which it was. */
function fitWithin(
  run: RunResult,
  options: Omit<FitOptions, 'limitName'>,
  platform: Budget & { name: string },
): FittedReport {
  const limit = options.limit ?? platform.limit;
  const unit = platform.unit === 'bytes' ? 'byte' : 'character';
  return fitReport(
    run,
    { limit, unit: platform.unit },
    { ...options, limitName: `the ${limit}-${unit} ${platform.name} limit` },
  );
}

/** A check run output.title (plain text, ≤ 255 characters), e.g. "2 failed, 10 passed, 1 skipped". */
export function checkTitle(run: Pick<RunResult, 'status' | 'tests' | 'error'>): string {
  const t: TestTotals = run.tests;
  const parts: string[] = [];
  if (t.failed) parts.push(`${t.failed} failed`);
  if (t.errors) parts.push(`${t.errors} ${t.errors === 1 ? 'error' : 'errors'}`);
  parts.push(`${t.passed} passed`);
  if (t.skipped) parts.push(`${t.skipped} skipped`);
  const counts = t.total > 0 ? parts.join(', ') : 'no test results';
  const lead: Record<RunResult['status'], string> = {
    passed: 'Passed',
    failed: 'Failed',
    cancelled: 'Cancelled',
    timed_out: 'Timed out',
    error: 'Could not run',
  };
  return `${lead[run.status]}: ${counts}`.slice(0, 255);
}
