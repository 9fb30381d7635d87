// A report that fits its platform's size limit. Detail is given up in a fixed order, so a
// reader can tell from the page what was left out: every test → failed tests only (as many as
// fit, then a count) → counts only → a safe cut of the counts.
import type { RunResult } from '../results/model.js';
import { isFailedCase } from '../results/status.js';
import { flattenCases, type FlatCase } from '../results/walk.js';
import { fits, truncateMarkdown, type Budget } from './budget.js';
import { link, plural } from './markdown.js';
import type { ReportOptions } from './options.js';
import {
  failuresSection,
  header,
  servicesSection,
  stepsSection,
  suitesSection,
} from './sections.js';

export type DetailLevel = 'full' | 'failed' | 'counts' | 'truncated';

export interface FittedReport {
  markdown: string;
  /** How much detail survived the budget. */
  level: DetailLevel;
  /** Failed tests given a block of their own. */
  failuresShown: number;
  failuresTotal: number;
}

export interface FitOptions extends ReportOptions {
  /** Text placed first and never cut (e.g. the comment marker). */
  prefix?: string;
  /** How the limit is named to readers, e.g. "GitHub's 65535-byte check run summary limit". */
  limitName: string;
}

function shortenedNote(options: FitOptions, what: string): string {
  const where = options.fullResultsUrl
    ? link('complete results', options.fullResultsUrl)
    : 'complete results in junit.xml and results.json among the run’s artifacts';
  return `<sub>${what} to fit ${options.limitName}; see the ${where}.</sub>`;
}

function compose(
  run: RunResult,
  failures: FlatCase[],
  level: Exclude<DetailLevel, 'truncated'>,
  shown: number,
  options: FitOptions,
): string {
  const counts = level === 'counts';
  const parts = [
    options.prefix ?? '',
    header(run, options),
    servicesSection(run, counts),
    stepsSection(run, counts),
  ];
  if (!counts) parts.push(failuresSection(failures, shown, options));
  else if (failures.length > 0) {
    parts.push(`${plural(failures.length, 'failed test')} not listed.\n`);
  }
  if (level === 'full') parts.push(suitesSection(run));
  if (level === 'failed') {
    const rest = failures.length - shown;
    const what = rest > 0 ? `, and ${plural(rest, 'more failed test')},` : '';
    parts.push(shortenedNote(options, `Passed and skipped tests${what} are not listed`) + '\n');
  }
  if (counts) parts.push(shortenedNote(options, 'Test details are left out') + '\n');
  return parts.filter(Boolean).join('\n');
}

/** Renders the run at the most detailed level that fits `budget`. */
export function fitReport(run: RunResult, budget: Budget, options: FitOptions): FittedReport {
  const failures = flattenCases(run).filter((c) => isFailedCase(c.testCase));
  const total = failures.length;
  const result = (markdown: string, level: DetailLevel, shown: number): FittedReport => ({
    markdown,
    level,
    failuresShown: shown,
    failuresTotal: total,
  });

  const full = compose(run, failures, 'full', total, options);
  if (fits(full, budget)) return result(full, 'full', total);

  // Failed tests only: as many as fit, found by bisection (the size grows with the count).
  let low = 0;
  let high = total;
  let best: string | undefined;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const text = compose(run, failures, 'failed', mid, options);
    if (fits(text, budget)) {
      low = mid;
      best = text;
    } else high = mid - 1;
  }
  // With no failures at all, "failed only" still drops the list of passed tests.
  const failedOnly =
    best ?? (total === 0 ? compose(run, failures, 'failed', 0, options) : undefined);
  if (failedOnly !== undefined && fits(failedOnly, budget))
    return result(failedOnly, 'failed', low);

  const counts = compose(run, failures, 'counts', 0, options);
  if (fits(counts, budget)) return result(counts, 'counts', 0);
  const note = shortenedNote(options, 'This report was cut');
  return result(truncateMarkdown(counts, budget, note), 'truncated', 0);
}
