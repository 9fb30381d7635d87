// The parts of a report, each a pure function of the run. Everything from the run that a test
// or a cluster produced (names, messages, reasons) is escaped here, at the point of use.
import type {
  RunResult,
  ServiceResult,
  StepResult,
  TestCase,
  TestTotals,
  WorkerResult,
} from '../results/model.js';
import { failureText } from '../results/case-text.js';
import { isFailingStatus } from '../results/status.js';
import { tally } from '../results/totals.js';
import { firstLine } from '../results/text.js';
import { walkSteps, walkSuites, type FlatCase } from '../results/walk.js';
import {
  code,
  codeFence,
  details,
  ellipsis,
  escapeText,
  formatDuration,
  link,
  plural,
  table,
} from './markdown.js';
import { repositoryPath } from './annotations.js';
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
    for (const worker of step.workers ?? []) {
      for (const s of worker.services) rows.push([`${worker.name} › ${s.instance}`, s]);
    }
  });
  return rows;
}

/** Services table; with `problemsOnly`, only services that did not become ready. */
export function servicesSection(run: RunResult, problemsOnly: boolean): string {
  const all = serviceRows(run);
  if (all.length === 0) return '';
  const rows = problemsOnly ? all.filter(([, s]) => s.status !== 'ready') : all;
  if (rows.length === 0) return `${plural(all.length, 'service')} ready.\n`;
  const body = rows.map(([name, s]) => [
    serviceIcon(s.status),
    escapeText(name),
    formatDuration(s.readyMs),
    escapeText([s.reason, s.message].filter(Boolean).join(': ')),
  ]);
  return `### Services\n\n${table(['', 'Service', 'Ready in', 'Details'], body, ['center', 'left', 'right', 'left'])}`;
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

/** Steps table; with `problemsOnly`, only steps that did not pass or were skipped. */
export function stepsSection(run: RunResult, problemsOnly: boolean): string {
  const rows: string[][] = [];
  let hidden = 0;
  walkSteps(run.steps, ({ step, depth, worker }) => {
    if (problemsOnly && !isFailingStatus(step.status) && step.status !== 'cancelled') {
      hidden++;
      return;
    }
    rows.push([
      stepIcon(step),
      stepLabel(step, depth, worker),
      formatDuration(step.durationMs),
      step.attempts > 0 ? String(step.attempts) : '–',
      step.exitCode === undefined ? '–' : String(step.exitCode),
      stepDetails(step),
    ]);
  });
  if (rows.length === 0 && hidden === 0) return '';
  const more = hidden > 0 ? `\n${plural(hidden, 'other step')} passed or were skipped.\n` : '';
  if (rows.length === 0) return `### Steps\n${more}`;
  const head = ['', 'Step', 'Duration', 'Attempts', 'Exit code', 'Details'];
  return `### Steps\n\n${table(head, rows, ['center', 'left', 'right', 'right', 'right', 'left'])}${more}`;
}

function location(testCase: TestCase, options: ReportOptions): string {
  if (!testCase.file) return '';
  const inRepo = options.fileExists && repositoryPath(testCase, options.fileExists);
  const file = inRepo || testCase.file;
  const text = testCase.line ? `${file}:${testCase.line}` : file;
  const url = options.fileUrl?.(file, testCase.line);
  return url ? link(text, url).replace(/^\[(.*)\]/, '[<code>$1</code>]') : code(text);
}

function failureBlock(failure: FlatCase, options: ReportOptions): string {
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

/** Failed tests with their messages; the first `shown` get a block, the rest a count. */
export function failuresSection(
  failures: FlatCase[],
  shown: number,
  options: ReportOptions,
): string {
  if (failures.length === 0) return '';
  const blocks = failures.slice(0, shown).map((f) => failureBlock(f, options));
  const rest = failures.length - blocks.length;
  const more = rest > 0 ? `\n… and ${plural(rest, 'more failed test')} not shown here.\n` : '';
  return `### Failed tests (${failures.length})\n\n${blocks.join('\n')}${more}`;
}

/** Every suite with its counts, then every test, collapsed. */
export function suitesSection(run: RunResult): string {
  const rows: string[][] = [];
  const lists: string[] = [];
  walkSteps(run.steps, ({ step, stepPath }) => {
    walkSuites(step.suites, (suite, suitePath) => {
      if (suite.cases.length === 0) return;
      const t = tally([{ ...suite, suites: [] }]);
      const icon = t.failed + t.errors > 0 ? '❌' : t.passed > 0 ? '✅' : '⏭️';
      const name = escapeText([...stepPath, ...suitePath].join(' › '));
      const time = suite.durationMs ?? suite.cases.reduce((sum, c) => sum + (c.durationMs ?? 0), 0);
      rows.push([
        icon,
        name,
        String(t.total),
        String(t.passed),
        String(t.failed + t.errors),
        String(t.skipped),
        formatDuration(time),
      ]);
      const items = suite.cases.map((c) => {
        const note =
          c.status === 'skipped' && c.message
            ? ` — ${escapeText(ellipsis(firstLine(c.message), 200))}`
            : '';
        const time = c.durationMs !== undefined ? ` · ${formatDuration(c.durationMs)}` : '';
        return `- ${caseIcon(c.status)} ${escapeText(c.name)}${time}${note}`;
      });
      lists.push(`**${name}**\n\n${items.join('\n')}\n`);
    });
  });
  if (rows.length === 0) return '';
  const head = ['', 'Suite', 'Tests', '✅', '❌', '⏭️', 'Duration'];
  const summary = table(head, rows, [
    'center',
    'left',
    'right',
    'right',
    'right',
    'right',
    'right',
  ]);
  return `### Test suites\n\n${summary}\n${details(`All ${plural(run.tests.total, 'test')}`, lists.join('\n'))}`;
}
