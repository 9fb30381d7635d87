// The timeline as a Mermaid gantt chart, which GitHub and GitLab draw from a ```mermaid block.
// Times are milliseconds on an epoch-0 axis (`dateFormat x`), so the axis reads as minutes and
// seconds since the run started. Names come from the run, so they are reduced to characters
// that Mermaid's gantt grammar takes as plain text: no `:` (ends a task name), `#` and `;`
// (end task data), `%` (starts a comment), no backticks (would close the fence), no markup.
import type { RunResult } from '../results/model.js';
import { formatDuration, plural } from './markdown.js';
import { buildTimeline, type BarKind, type Timeline } from './timeline.js';

const TAGS: Record<BarKind, string> = {
  passed: 'done, ',
  failed: 'crit, ',
  cancelled: '',
  service: 'active, ',
  collect: 'active, ',
  cleanup: 'active, ',
};

// Words that start a statement of the gantt grammar when a line begins with them.
const KEYWORDS =
  /^(gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|title|acc|section|click|href|call|\d{4}-\d\d-\d\d)/i;

const MAX_LABEL = 80;

/** A name as plain gantt text. */
export function ganttText(name: string): string {
  const plain = name
    .replace(/[^\p{L}\p{N} _.,()+=/›'@-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const short = plain.length > MAX_LABEL ? `${plain.slice(0, MAX_LABEL - 1)}…` : plain;
  if (short === '') return '–';
  return KEYWORDS.test(short) ? `› ${short}` : short;
}

/** The gantt chart of a timeline; empty when there is nothing to draw. */
export function ganttChart(timeline: Timeline): string {
  if (timeline.bars.length === 0) return '';
  const lines = [
    'gantt',
    '  dateFormat x',
    `  axisFormat ${timeline.endMs >= 3_600_000 ? '%H:%M:%S' : '%M:%S'}`,
    '  todayMarker off',
  ];
  let section: string | undefined;
  for (const [i, bar] of timeline.bars.entries()) {
    if (bar.section !== section) {
      section = bar.section;
      lines.push(`  section ${ganttText(section)}`);
    }
    const start = Math.round(bar.startMs);
    // A zero-length bar is not drawn at all; a millisecond keeps it visible as a tick.
    const end = Math.max(start + 1, Math.round(bar.startMs + bar.durationMs));
    const label = `${ganttText(bar.label)} ${formatDuration(bar.durationMs)}`;
    lines.push(`  ${label} :${TAGS[bar.kind]}b${i + 1}, ${start}, ${end}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The Markdown section: a heading, the chart, and a count of the bars left out. */
export function timelineSection(run: RunResult, maxBars?: number): string {
  const timeline = buildTimeline(run, maxBars);
  const chart = ganttChart(timeline);
  if (chart === '') return '';
  const omitted =
    timeline.omitted > 0
      ? `\n<sub>${plural(timeline.omitted, 'bar')} (steps inside workers first) not drawn; report.html has them all.</sub>\n`
      : '';
  return `### Timeline\n\n\`\`\`mermaid\n${chart}\`\`\`\n${omitted}`;
}
