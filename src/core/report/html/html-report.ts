// report.html: one self-contained page of the run. Everything is inlined and the page's
// Content-Security-Policy forbids every fetch, so opening it makes no request; nothing needs
// scripts (there are none), so the essentials read the same with scripts disabled.
import type { RunResult } from '../../results/model.js';
import { buildTimeline } from '../timeline.js';
import { ganttChart } from '../timeline-mermaid.js';
import { escapeHtml } from './escape.js';
import {
  configSection,
  headerSection,
  servicesSection,
  stepsSection,
  type Logs,
} from './html-run.js';
import { htmlTimeline } from './html-timeline.js';
import { failedSection, flakySection, skippedSection } from './html-tests.js';
import { REPORT_CSS } from './report-css.js';

export { type LogExcerpt, type Logs } from './html-run.js';

/** Bars report.html draws at most: every bar of any realistic run. */
export const MAX_HTML_BARS = 5000;

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

export function renderHtmlReport(run: RunResult, logs: Logs = new Map()): string {
  const timeline = buildTimeline(run, MAX_HTML_BARS);
  const chart = ganttChart(timeline);
  const mermaid = chart
    ? `<details><summary>Mermaid source of the timeline</summary><pre>${escapeHtml(chart)}</pre></details>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${run.workflow} ${run.status} — Shakedown run ${run.runId}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${headerSection(run)}
<main>
<section id="timeline-section"><h2>Timeline</h2>
${htmlTimeline(timeline)}
${mermaid}</section>
${failedSection(run)}
${flakySection(run)}
${skippedSection(run)}
${servicesSection(run, logs)}
${stepsSection(run, logs)}
${configSection(run)}
</main>
</body>
</html>
`;
}
