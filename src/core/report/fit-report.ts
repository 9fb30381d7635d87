// A report that fits its platform's size limit. Detail is given up in a fixed order, so a
// reader can tell from the page what was left out: every test → failed tests only (as many as
// fit, then a count) → counts only → a safe cut of the counts. The work follows the budget, not
// the run: sections stop rendering past the room left for them, and failed tests are rendered
// one at a time until the next one would not fit, so a run with 50,000 failures renders the
// hundred or so that a 64 KB report can show.
import type { RunResult } from '../results/model.js';
import { isFailedCase } from '../results/status.js';
import { flattenCases, type FlatCase } from '../results/walk.js';
import { Page } from './bounded-text.js';
import { fits, truncateMarkdown, type Budget } from './budget.js';
import { link, measure, plural, type SizeUnit } from './markdown.js';
import type { ReportOptions } from './options.js';
import {
  failureBlock,
  failuresHeading,
  failuresRest,
  failuresSection,
  header,
  servicesSection,
  stepsSection,
  suitesSection,
} from './sections.js';
import { timelineSection } from './timeline-mermaid.js';

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
  /** Leave the timeline chart out (it is also left out whenever it would cost any detail). */
  noTimeline?: boolean;
}

function shortenedNote(options: FitOptions, what: string): string {
  const where = options.fullResultsUrl
    ? link('complete results', options.fullResultsUrl)
    : 'complete results in junit.xml and results.json among the run’s artifacts';
  return `<sub>${what} to fit ${options.limitName}; see the ${where}.</sub>`;
}

/** Failed-test blocks, each rendered when first asked for and measured once. */
class FailureBlocks {
  private readonly blocks: string[] = [];
  /** joined[i]: the size of the first i blocks joined by line breaks. */
  private readonly joined: number[] = [0];
  private readonly headingSize: number;

  constructor(
    private readonly failures: FlatCase[],
    private readonly options: ReportOptions,
    private readonly unit: SizeUnit,
  ) {
    this.headingSize = measure(failuresHeading(failures.length), unit);
  }

  get total(): number {
    return this.failures.length;
  }

  /** Size of the heading and the first `count` blocks: what every section showing them starts with. */
  startSize(count: number): number {
    for (let i = this.blocks.length; i < count; i++) {
      const block = failureBlock(this.failures[i]!, this.options);
      this.blocks.push(block);
      this.joined.push(this.joined[i]! + (i > 0 ? 1 : 0) + measure(block, this.unit));
    }
    return this.headingSize + this.joined[count]!;
  }

  /** Size of failuresSection showing `count` blocks, then a count of the rest. */
  sectionSize(count: number): number {
    return this.startSize(count) + measure(failuresRest(this.total - count), this.unit);
  }

  section(count: number): string {
    this.startSize(count);
    return failuresSection(this.total, this.blocks.slice(0, count));
  }
}

/** Every failed test and every test, or undefined when that does not fit. */
function fullReport(top: Page, blocks: FailureBlocks, run: RunResult): string | undefined {
  // Block by block: none is rendered past the first that cannot fit.
  for (let count = 1; count <= blocks.total; count++) {
    if (!top.fitsWith(blocks.startSize(count))) return undefined;
  }
  const page = top
    .copy()
    .add(blocks.section(blocks.total))
    .add((room) => suitesSection(run, room));
  return page.over ? undefined : page.toString();
}

/** Failed tests only, as many as fit; undefined when not even one does. */
function failedReport(
  top: Page,
  blocks: FailureBlocks,
  options: FitOptions,
  unit: SizeUnit,
): { markdown: string; shown: number } | undefined {
  const note = (shown: number) => {
    const rest = blocks.total - shown;
    const what = rest > 0 ? `, and ${plural(rest, 'more failed test')},` : '';
    return shortenedNote(options, `Passed and skipped tests${what} are not listed`) + '\n';
  };
  // Each block shown adds more than the shorter count lines save, so the size grows with the
  // number shown: adding one at a time until the next does not fit finds the most that fit.
  let shown = 0;
  while (
    shown < blocks.total &&
    top.fitsWith(blocks.sectionSize(shown + 1), measure(note(shown + 1), unit))
  ) {
    shown++;
  }
  // This level is for showing failed tests when there are some; with none at all, it still
  // drops the list of passed tests.
  if (shown === 0 && blocks.total > 0) return undefined;
  const page = top.copy().add(blocks.section(shown)).add(note(shown));
  return page.over ? undefined : { markdown: page.toString(), shown };
}

/**
 * Renders the run at the most detailed level that fits `budget`. The timeline is the first
 * thing given up: it is shown only when the report keeps every detail with it, else a line
 * says it was left out, else not even that.
 */
export function fitReport(run: RunResult, budget: Budget, options: FitOptions): FittedReport {
  const chart = options.noTimeline ? '' : timelineSection(run);
  if (chart === '') return fitWith(run, budget, options, '');
  const withChart = fitWith(run, budget, options, chart);
  if (withChart.level === 'full') return withChart;
  const note = `${shortenedNote(options, 'The timeline is left out')}
`;
  const withNote = fitWith(run, budget, options, note);
  return withNote.level === 'full' ? withNote : fitWith(run, budget, options, '');
}

function fitWith(
  run: RunResult,
  budget: Budget,
  options: FitOptions,
  timeline: string,
): FittedReport {
  const failures = flattenCases(run).filter((c) => isFailedCase(c.testCase));
  const total = failures.length;
  const result = (markdown: string, level: DetailLevel, shown: number): FittedReport => ({
    markdown,
    level,
    failuresShown: shown,
    failuresTotal: total,
  });
  const head = header(run, options);
  // Every level starts with the header, then the services and steps: all of them, or (counts)
  // those with problems.
  const start = (problemsOnly: boolean) =>
    Page.within(budget)
      .add(options.prefix ?? '')
      .add(head)
      .add((room) => servicesSection(run, problemsOnly, room))
      .add((room) => stepsSection(run, problemsOnly, room));

  const top = start(false).add(timeline);
  if (!top.over) {
    const blocks = new FailureBlocks(failures, options, budget.unit);
    const full = fullReport(top, blocks, run);
    if (full !== undefined) return result(full, 'full', total);
    const failed = failedReport(top, blocks, options, budget.unit);
    if (failed) return result(failed.markdown, 'failed', failed.shown);
  }

  // Past the budget this is the start of the counts, which truncateMarkdown cuts just as it
  // would cut the whole.
  const counts = start(true)
    .add(total > 0 ? `${plural(total, 'failed test')} not listed.\n` : '')
    .add(shortenedNote(options, 'Test details are left out') + '\n')
    .toString();
  if (fits(counts, budget)) return result(counts, 'counts', 0);
  const note = shortenedNote(options, 'This report was cut');
  return result(truncateMarkdown(counts, budget, note), 'truncated', 0);
}
