// The test sections of report.html: failed tests first (message, where the test and its stack
// point, the failure text), then flaky and skipped tests.
import type { RunResult } from '../../results/model.js';
import { failureText } from '../../results/case-text.js';
import { stackLocations } from '../../results/stack-location.js';
import { isFailedCase } from '../../results/status.js';
import { firstLine } from '../../results/text.js';
import { flattenCases, walkSteps, type FlatCase } from '../../results/walk.js';
import { ellipsis, formatDuration } from '../markdown.js';
import { escapeHtml } from './escape.js';

/** UTF-8 bytes of failure text shown per failed test. */
export const FAILURE_TEXT_BYTES = 16_000;
/** Tests listed per section at most; the rest are counted. */
export const MAX_LISTED = 2000;

const where = (c: FlatCase) => escapeHtml([...c.stepPath, ...c.suitePath].join(' › '));

function failedTest(c: FlatCase): string {
  const t = c.testCase;
  const text = failureText(t) ?? t.message ?? '';
  const own = t.file ? `${t.file}${t.line ? `:${t.line}` : ''}` : undefined;
  const stack = stackLocations(text)
    .slice(0, 5)
    .map((l) => `${l.file}:${l.line}`);
  const locations = [...new Set([own, ...stack].filter((l): l is string => !!l))];
  return [
    `<article class="test failed">`,
    `<h3>${t.status === 'error' ? '💥' : '❌'} ${escapeHtml(t.name)}</h3>`,
    t.message ? `<p class="message">${escapeHtml(ellipsis(firstLine(t.message), 500))}</p>` : '',
    `<p class="where">${where(c)}${t.durationMs !== undefined ? ` · ${formatDuration(t.durationMs)}` : ''}</p>`,
    locations.length
      ? `<ul class="locations">${locations.map((l) => `<li><code>${escapeHtml(l)}</code></li>`).join('')}</ul>`
      : '',
    text ? `<pre>${escapeHtml(ellipsis(text, FAILURE_TEXT_BYTES))}</pre>` : '',
    `</article>`,
  ].join('\n');
}

function rest(count: number): string {
  return count > 0 ? `<p class="muted">… and ${count} more not listed here.</p>` : '';
}

export function failedSection(run: RunResult): string {
  const failed = flattenCases(run).filter((c) => isFailedCase(c.testCase));
  if (failed.length === 0) return '';
  const shown = failed.slice(0, MAX_LISTED);
  return `<section id="failed"><h2>Failed tests (${failed.length})</h2>\n${shown.map(failedTest).join('\n')}${rest(failed.length - shown.length)}</section>`;
}

/**
 * Flaky: a step that failed and then passed on a retry, and a test that both failed and
 * passed within the run (the same suite and name reported more than once).
 */
export function flakySection(run: RunResult): string {
  const items: string[] = [];
  walkSteps(run.steps, ({ step, stepPath }) => {
    const spans = step.attemptSpans ?? [];
    if (step.status === 'passed' && step.attempts > 1) {
      const failedFirst =
        spans.length === 0 || spans.slice(0, -1).some((a) => a.status !== 'passed');
      if (failedFirst)
        items.push(
          `<li>step <b>${escapeHtml(stepPath.join(' › '))}</b> passed on attempt ${step.attempts}</li>`,
        );
    }
  });
  const seen = new Map<string, Set<string>>();
  for (const c of flattenCases(run)) {
    const key = [...c.stepPath, ...c.suitePath, c.testCase.classname ?? '', c.testCase.name].join(
      '\u0000',
    );
    const statuses = seen.get(key) ?? new Set<string>();
    statuses.add(isFailedCase(c.testCase) ? 'failed' : c.testCase.status);
    seen.set(key, statuses);
  }
  for (const [key, statuses] of seen) {
    if (statuses.has('failed') && statuses.has('passed')) {
      items.push(
        `<li>test <b>${escapeHtml(key.split('\u0000').filter(Boolean).join(' › '))}</b> failed and passed</li>`,
      );
    }
  }
  if (items.length === 0) return '';
  return `<section id="flaky"><h2>Flaky (${items.length})</h2><ul>${items.slice(0, MAX_LISTED).join('\n')}</ul>${rest(items.length - MAX_LISTED)}</section>`;
}

export function skippedSection(run: RunResult): string {
  const skipped = flattenCases(run).filter((c) => c.testCase.status === 'skipped');
  if (skipped.length === 0) return '';
  const items = skipped.slice(0, MAX_LISTED).map((c) => {
    const why = c.testCase.message
      ? ` — ${escapeHtml(ellipsis(firstLine(c.testCase.message), 300))}`
      : '';
    return `<li>⏭️ <b>${escapeHtml(c.testCase.name)}</b> <span class="where">${where(c)}</span>${why}</li>`;
  });
  return `<section id="skipped"><h2>Skipped tests (${skipped.length})</h2><ul>${items.join('\n')}</ul>${rest(skipped.length - items.length)}</section>`;
}
