// The parts of a report, each a pure function of the run. Everything from the run that a test
// or a cluster produced (names, messages, reasons) is escaped here, at the point of use. The
// parts that grow with the run take the room left for them and stop rendering past it (see
// bounded-text.ts).
import type {
  RunResult,
  ServiceResult,
  StepResult,
  TestCase,
  TestSuite,
  TestTotals,
  WorkerResult,
} from '../results/model.js';
import { failureText } from '../results/case-text.js';
import { isFailingStatus } from '../results/status.js';
import { tally } from '../results/totals.js';
import { firstLine } from '../results/text.js';
import { subRuns, walkSteps, walkSuites, type FlatCase, type StepVisit } from '../results/walk.js';
import {
  code,
  codeFence,
  details,
  detailsStart,
  ellipsis,
  escapeText,
  formatDuration,
  link,
  plural,
  tableHead,
  tableRow,
  type Align,
} from './markdown.js';
import { repositoryPath } from './annotations.js';
import { BoundedText } from './bounded-text.js';
import type { Budget } from './budget.js';
import { DEFAULT_DETAIL_BYTES, type ReportOptions } from './options.js';
import { caseIcon, runIcon, runVerb, serviceIcon, stepIcon } from './status-icons.js';

function countsLine(tests: TestTotals, durationMs: number): string {
  const parts = [`✅ ${tests.passed} passed`, `❌ ${tests.failed} failed`];
  if (tests.errors > 0) parts.push(`💥 ${plural(tests.errors, 'error')}`);
  parts.push(`⏭️ ${tests.skipped} skipped`);
  return `**${plural(tests.total, 'test')}** · ${parts.join(' · ')} · ⏱️ ${formatDuration(durationMs)}`;
}

export function header(run: RunResult, options: ReportOptions): string {
  const title = escapeText(options.title ?? run.workflow);
  const lines = [`## ${runIcon(run.status)} ${title} ${runVerb(run.status)}`, ''];
  lines.push(
    run.tests.total > 0
      ? countsLine(run.tests, run.durationMs)
      : `No test results were collected (no JUnit or CTRF report among the artifacts) · ⏱️ ${formatDuration(run.durationMs)}`,
    '',
  );
  const meta = [`Run ${code(run.runId)}`, `namespace ${code(run.namespace)}`];
  for (const [label, url] of Object.entries(run.links ?? {})) meta.push(link(label, url));
  lines.push(meta.join(' · '), '');
  if (run.error) {
    const reason = run.error.reason ? `**${escapeText(run.error.reason)}**: ` : '';
    lines.push(`> ${runIcon(run.status)} ${reason}${escapeText(run.error.message)}`, '');
  }
  for (const note of options.notes ?? []) lines.push(`> ℹ️ ${escapeText(note)}`, '');
  return lines.join('\n');
}

function serviceRows(run: RunResult): [string, ServiceResult][] {
  const rows: [string, ServiceResult][] = run.services.map((s) => [s.instance, s]);
  walkSteps(run.steps, ({ step }) => {
    for (const worker of subRuns(step)) {
      for (const s of worker.services) rows.push([`${worker.name} › ${s.instance}`, s]);
    }
  });
  return rows;
}

/** Services table; with `problemsOnly`, only services that did not become ready. */
export function servicesSection(run: RunResult, problemsOnly: boolean, room?: Budget): string {
  const all = serviceRows(run);
  if (all.length === 0) return '';
  const rows = problemsOnly ? all.filter(([, s]) => s.status !== 'ready') : all;
  if (rows.length === 0) return `${plural(all.length, 'service')} ready.\n`;
  const head = ['', 'Service', 'Ready in', 'Details'];
  const align: Align[] = ['center', 'left', 'right', 'left'];
  const out = new BoundedText(room).add(`### Services\n\n${tableHead(head, align)}`);
  out.addEach(rows, ([name, s]) =>
    tableRow([
      serviceIcon(s.status),
      escapeText(name),
      formatDuration(s.readyMs),
      escapeText([s.reason, s.message].filter(Boolean).join(': ')),
    ]),
  );
  return out.toString();
}

function stepLabel(step: StepResult, depth: number, worker?: WorkerResult): string {
  const flags = [step.optional && 'optional', step.negative && 'negative'].filter(Boolean);
  const name = worker?.steps.includes(step) ? `${worker.name} › ${step.name}` : step.name;
  const indent = depth > 0 ? `${'&emsp;'.repeat(depth - 1)}↳ ` : '';
  return `${indent}${escapeText(name)}${flags.length ? ` <sub>${flags.join(', ')}</sub>` : ''}`;
}

function stepDetails(step: StepResult): string {
  const note = [step.reason, step.message].filter(Boolean).join(': ');
  if (note) return escapeText(note);
  const t = tally(step.suites);
  return t.failed + t.errors > 0 ? plural(t.failed + t.errors, 'failed test') : '';
}

function stepRow({ step, depth, worker }: StepVisit): string {
  return tableRow([
    stepIcon(step),
    stepLabel(step, depth, worker),
    formatDuration(step.durationMs),
    step.attempts > 0 ? String(step.attempts) : '–',
    step.exitCode === undefined ? '–' : String(step.exitCode),
    stepDetails(step),
  ]);
}

/** Steps table; with `problemsOnly`, only steps that did not pass or were skipped. */
export function stepsSection(run: RunResult, problemsOnly: boolean, room?: Budget): string {
  const shown: StepVisit[] = [];
  let hidden = 0;
  walkSteps(run.steps, (visit) => {
    const { status } = visit.step;
    if (problemsOnly && !isFailingStatus(status) && status !== 'cancelled') hidden++;
    else shown.push(visit);
  });
  if (shown.length === 0 && hidden === 0) return '';
  const more = hidden > 0 ? `\n${plural(hidden, 'other step')} passed or were skipped.\n` : '';
  if (shown.length === 0) return `### Steps\n${more}`;
  const head = ['', 'Step', 'Duration', 'Attempts', 'Exit code', 'Details'];
  const align: Align[] = ['center', 'left', 'right', 'right', 'right', 'left'];
  const out = new BoundedText(room).add(`### Steps\n\n${tableHead(head, align)}`);
  // The count of the others follows the complete table only.
  if (out.addEach(shown, stepRow)) out.add(more);
  return out.toString();
}

function location(testCase: TestCase, options: ReportOptions): string {
  if (!testCase.file) return '';
  const inRepo = options.fileExists && repositoryPath(testCase, options.fileExists);
  const file = inRepo || testCase.file;
  const text = testCase.line ? `${file}:${testCase.line}` : file;
  const url = options.fileUrl?.(file, testCase.line);
  return url ? link(text, url).replace(/^\[(.*)\]/, '[<code>$1</code>]') : code(text);
}

/** One failed test: its name and message, where it is, and its failure output, collapsed. */
export function failureBlock(failure: FlatCase, options: ReportOptions): string {
  const { testCase } = failure;
  const message = testCase.message
    ? ` — ${escapeText(ellipsis(firstLine(testCase.message), 300))}`
    : '';
  const summary = `${caseIcon(testCase.status)} <b>${escapeText(testCase.name)}</b>${message}`;
  const context = escapeText([...failure.stepPath, ...failure.suitePath].join(' › '));
  const where = [location(testCase, options), context].filter(Boolean).join(' · ');
  const text = failureText(testCase) ?? testCase.message;
  const limit = options.maxDetailBytes ?? DEFAULT_DETAIL_BYTES;
  const body = text ? codeFence(ellipsis(text, limit)) : '_No failure message._\n';
  return details(summary, `${where}\n\n${body}`);
}

export function failuresHeading(total: number): string {
  return `### Failed tests (${total})\n\n`;
}

/** The line counting the failed tests that got no block. */
export function failuresRest(rest: number): string {
  return rest > 0 ? `\n… and ${plural(rest, 'more failed test')} not shown here.\n` : '';
}

/** `total` failed tests: the first ones with their failureBlock, the rest a count. */
export function failuresSection(total: number, blocks: string[]): string {
  if (total === 0) return '';
  return `${failuresHeading(total)}${blocks.join('\n')}${failuresRest(total - blocks.length)}`;
}

function suiteRow(suite: TestSuite, name: string): string {
  const t = tally([{ ...suite, suites: [] }]);
  const icon = t.failed + t.errors > 0 ? '❌' : t.passed > 0 ? '✅' : '⏭️';
  const time = suite.durationMs ?? suite.cases.reduce((sum, c) => sum + (c.durationMs ?? 0), 0);
  return tableRow([
    icon,
    name,
    String(t.total),
    String(t.passed),
    String(t.failed + t.errors),
    String(t.skipped),
    formatDuration(time),
  ]);
}

function caseItem(c: TestCase): string {
  const note =
    c.status === 'skipped' && c.message
      ? ` — ${escapeText(ellipsis(firstLine(c.message), 200))}`
      : '';
  const time = c.durationMs !== undefined ? ` · ${formatDuration(c.durationMs)}` : '';
  return `- ${caseIcon(c.status)} ${escapeText(c.name)}${time}${note}`;
}

/** Every suite with its counts, then every test, collapsed. */
export function suitesSection(run: RunResult, room?: Budget): string {
  const suites: { suite: TestSuite; path: string[] }[] = [];
  walkSteps(run.steps, ({ step, stepPath }) => {
    walkSuites(step.suites, (suite, suitePath) => {
      if (suite.cases.length > 0) suites.push({ suite, path: [...stepPath, ...suitePath] });
    });
  });
  if (suites.length === 0) return '';
  const head = ['', 'Suite', 'Tests', '✅', '❌', '⏭️', 'Duration'];
  const align: Align[] = ['center', 'left', 'right', 'right', 'right', 'right', 'right'];
  const out = new BoundedText(room).add(`### Test suites\n\n${tableHead(head, align)}`);
  const names: string[] = [];
  const rowsDone = out.addEach(suites, ({ suite, path }) => {
    const name = escapeText(path.join(' › '));
    names.push(name);
    return suiteRow(suite, name);
  });
  if (!rowsDone) return out.toString();
  const summary = out.toString();
  const title = `All ${plural(run.tests.total, 'test')}`;
  out.add(`\n${detailsStart(title)}`);
  const lists: string[] = [];
  for (const [i, { suite }] of suites.entries()) {
    const start = `**${names[i]}**\n\n`;
    out.add(i > 0 ? `\n${start}` : start);
    const items: string[] = [];
    const done = out.addEach(suite.cases, (testCase) => {
      const item = caseItem(testCase);
      items.push(item);
      return `${item}\n`;
    });
    if (!done) return out.toString();
    lists.push(`${start}${items.join('\n')}\n`);
  }
  // Built by details() once complete, whose trimmed end the pieces above leave out.
  return `${summary}\n${details(title, lists.join('\n'))}`;
}
