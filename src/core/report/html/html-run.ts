// The run sections of report.html: outcome and counts, steps with their logs (the end of each
// log, with the path of the full file), services and their readiness, the plan's config.
import type { RunResult, ServiceResult, StepResult } from '../../results/model.js';
import { subRuns, walkSteps } from '../../results/walk.js';
import { formatDuration } from '../markdown.js';
import { runIcon, runVerb, serviceIcon, stepIcon } from '../status-icons.js';
import { escapeHtml, fileLink } from './escape.js';

/** The end of a log file as the report shows it. */
export interface LogExcerpt {
  /** The last bytes of the file (all of it when `size` is no larger). */
  text: string;
  /** Bytes of the whole file. */
  size: number;
}

export type Logs = ReadonlyMap<string, LogExcerpt>;

export function headerSection(run: RunResult): string {
  const t = run.tests;
  const counts = [
    ['total', t.total],
    ['passed', t.passed],
    ['failed', t.failed],
    ['errors', t.errors],
    ['skipped', t.skipped],
  ]
    .map(([label, n]) => `<span class="count ${label}"><b>${n}</b> ${label}</span>`)
    .join(' ');
  const error = run.error
    ? `<p class="error">${run.error.reason ? `<b>${escapeHtml(run.error.reason)}</b>: ` : ''}${escapeHtml(run.error.message)}</p>`
    : '';
  const links = Object.entries(run.links ?? {})
    .filter(([, url]) => /^https?:\/\//i.test(url))
    .map(([label, url]) => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`)
    .join(' · ');
  return `<header class="${run.status}">
<h1 id="outcome">${runIcon(run.status)} ${escapeHtml(run.workflow)} ${runVerb(run.status)}</h1>
<p id="counts">${counts} · ${formatDuration(run.durationMs)}</p>
<p class="meta">run <code>${escapeHtml(run.runId)}</code> · namespace <code>${escapeHtml(run.namespace)}</code> · started ${escapeHtml(run.startedAt)}${links ? ` · ${links}` : ''}</p>
${error}</header>`;
}

function logBlock(file: string | undefined, logs: Logs): string {
  if (!file) return '';
  const log = logs.get(file);
  if (!log) return `<p class="muted">log: ${fileLink(file)} (not found beside the report)</p>`;
  const cut = log.size > Buffer.byteLength(log.text, 'utf8');
  const note = cut
    ? `last ${Buffer.byteLength(log.text, 'utf8')} of ${log.size} bytes; full log: ${fileLink(file)}`
    : `log: ${fileLink(file)}`;
  return `<details class="log"><summary>${note}</summary><pre>${escapeHtml(log.text)}</pre></details>`;
}

function stepRow(step: StepResult, path: string[], depth: number, logs: Logs): string {
  const flags = [step.optional && 'optional', step.negative && 'negative']
    .filter(Boolean)
    .join(', ');
  const note = [step.reason, step.message].filter(Boolean).join(': ');
  return `<tr class="${step.status}"><td>${stepIcon(step)}</td><td style="padding-left:${depth * 1.2}em">${escapeHtml(path.join(' › '))}${flags ? ` <small>${flags}</small>` : ''}</td><td>${escapeHtml(step.status)}</td><td class="num">${formatDuration(step.durationMs)}</td><td class="num">${step.attempts}</td><td class="num">${step.exitCode ?? '–'}</td><td>${escapeHtml(note)}${logBlock(step.logFile, logs)}</td></tr>`;
}

export function stepsSection(run: RunResult, logs: Logs): string {
  const rows: string[] = [];
  walkSteps(run.steps, ({ step, stepPath, depth }) =>
    rows.push(stepRow(step, stepPath, depth, logs)),
  );
  if (rows.length === 0) return '';
  return `<section id="steps"><h2>Steps and logs</h2><table><thead><tr><th></th><th>Step</th><th>Status</th><th>Duration</th><th>Attempts</th><th>Exit</th><th>Details and log</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

export function servicesSection(run: RunResult, logs: Logs): string {
  const all: [string, ServiceResult][] = run.services.map((s) => [s.instance, s]);
  walkSteps(run.steps, ({ step }) => {
    for (const w of subRuns(step))
      for (const s of w.services) all.push([`${w.name} › ${s.instance}`, s]);
  });
  if (all.length === 0) return '';
  const rows = all.map(
    ([name, s]) =>
      `<tr class="${s.status}"><td>${serviceIcon(s.status)}</td><td>${escapeHtml(name)}</td><td>${escapeHtml(s.status)}</td><td class="num">${formatDuration(s.readyMs)}</td><td>${escapeHtml(s.ip ?? '')}</td><td>${escapeHtml([s.reason, s.message].filter(Boolean).join(': '))}${logBlock(s.logFile, logs)}</td></tr>`,
  );
  return `<section id="services"><h2>Services</h2><table><thead><tr><th></th><th>Service</th><th>Status</th><th>Ready in</th><th>IP</th><th>Details and log</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

/** The config as results.json keeps it: sensitive values were masked when the run wrote it. */
export function configSection(run: RunResult): string {
  const entries = Object.entries(run.config ?? {});
  if (entries.length === 0) return '';
  const rows = entries.map(
    ([name, value]) =>
      `<tr><td><code>${escapeHtml(name)}</code></td><td><code>${escapeHtml(String(value))}</code></td></tr>`,
  );
  return `<section id="config"><h2>Config</h2><table><thead><tr><th>Parameter</th><th>Value</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}
