// The timeline drawn in HTML and CSS alone (bars placed in percent of the run), so it is there
// when the report is opened with scripts disabled and needs nothing from the network.
import { formatDuration } from '../markdown.js';
import type { Timeline } from '../timeline.js';
import { escapeHtml } from './escape.js';

const pct = (ms: number, end: number) => `${((100 * ms) / end).toFixed(3)}%`;

/** The axis: a tick at every fifth of the run. */
function axis(endMs: number): string {
  const ticks = [0, 1, 2, 3, 4, 5].map(
    (i) =>
      `<span class="tick" style="left:${pct((endMs * i) / 5, endMs)}">${formatDuration((endMs * i) / 5)}</span>`,
  );
  return `<div class="row axis"><div class="label"></div><div class="track">${ticks.join('')}</div></div>`;
}

export function htmlTimeline(timeline: Timeline): string {
  if (timeline.bars.length === 0) {
    return '<p class="muted">No timings were recorded for this run.</p>';
  }
  const end = Math.max(1, timeline.endMs);
  const rows: string[] = [axis(end)];
  let section: string | undefined;
  for (const bar of timeline.bars) {
    if (bar.section !== section) {
      section = bar.section;
      rows.push(`<div class="row section"><div class="label">${escapeHtml(section)}</div></div>`);
    }
    const title = `${bar.label}: ${bar.kind}, from ${formatDuration(bar.startMs)} for ${formatDuration(bar.durationMs)}`;
    rows.push(
      `<div class="row" title="${escapeHtml(title)}"><div class="label">${escapeHtml(bar.label)}</div>` +
        `<div class="track"><div class="bar ${bar.kind}" style="left:${pct(bar.startMs, end)};width:${pct(Math.max(bar.durationMs, end / 1000), end)}"></div>` +
        `<span class="time">${formatDuration(bar.durationMs)}</span></div></div>`,
    );
  }
  const omitted =
    timeline.omitted > 0 ? `<p class="muted">${timeline.omitted} bars not drawn.</p>` : '';
  return `<div class="timeline" id="timeline">${rows.join('\n')}</div>${omitted}`;
}
