// The run as bars on a time axis, from the spans results.json records: services until ready,
// each step and its attempts, parallel workers (and child runs) with their own steps, artifact
// collection and cleanup. One model for both drawings (Mermaid in Markdown, HTML in
// report.html), so they cannot disagree. A run with hundreds of workers has more bars than a
// chart can show: detail is given up by level (the steps inside workers first, then the
// workers), never by cutting a level in the middle, and what was left out is counted.
import type {
  RunResult,
  ServiceResult,
  Span,
  StepResult,
  StepStatus,
  WorkerResult,
} from '../results/model.js';
import { isFailingStatus } from '../results/status.js';
import { subRuns } from '../results/walk.js';

/** How a bar is drawn: outcome colours, plus the phases that are not steps. */
export type BarKind = 'passed' | 'failed' | 'cancelled' | 'service' | 'collect' | 'cleanup';

export interface TimelineBar extends Span {
  section: string;
  label: string;
  kind: BarKind;
  /** 0: the run's own services, steps, collection and cleanup; 1: workers; 2: inside workers. */
  level: 0 | 1 | 2;
}

export interface Timeline {
  bars: TimelineBar[];
  /** Bars that did not fit `maxBars`. */
  omitted: number;
  /** Where the axis ends: the run, or its last bar when cleanup ran past the run's end. */
  endMs: number;
}

/** Bars a Markdown chart shows at most: past this GitHub's renderer gets slow and unreadable. */
export const MAX_CHART_BARS = 120;

function outcome(status: StepStatus | 'ready' | 'timed_out'): BarKind {
  if (status === 'passed' || status === 'ready') return 'passed';
  return isFailingStatus(status as StepStatus) ? 'failed' : 'cancelled';
}

function serviceBars(
  services: ServiceResult[],
  section: string,
  prefix: string,
  level: TimelineBar['level'],
  fallbackEnd: number,
): TimelineBar[] {
  return services.flatMap((s) => {
    if (s.startMs === undefined) return [];
    // A service that never became ready is drawn until the run gave up on it.
    const durationMs = s.readyMs ?? Math.max(0, fallbackEnd - s.startMs);
    const kind =
      s.status === 'ready' ? 'service' : outcome(s.status === 'failed' ? 'failed' : s.status);
    return [
      { section, label: `${prefix}${s.instance}`, startMs: s.startMs, durationMs, kind, level },
    ];
  });
}

function stepBars(
  step: StepResult,
  section: string,
  prefix: string,
  level: TimelineBar['level'],
): TimelineBar[] {
  const label = `${prefix}${step.name}`;
  const spans = step.attemptSpans ?? [];
  const bars: TimelineBar[] =
    spans.length > 0
      ? spans.map((a, i) => ({
          section,
          label: spans.length > 1 ? `${label} (attempt ${i + 1})` : label,
          startMs: a.startMs,
          durationMs: a.durationMs,
          kind: outcome(a.status),
          level,
        }))
      : step.startMs !== undefined && step.status !== 'skipped'
        ? [
            {
              section,
              label,
              startMs: step.startMs,
              durationMs: step.durationMs,
              kind: outcome(step.status),
              level,
            },
          ]
        : [];
  if (step.collect) {
    bars.push({ section, label: `${label} artifacts`, ...step.collect, kind: 'collect', level });
  }
  return bars;
}

/** Steps of one list, nested steps included, each sub-run's bars going to its own section. */
function collect(
  steps: StepResult[],
  section: string,
  prefix: string,
  inWorker: boolean,
  out: TimelineBar[],
  runEnd: number,
): void {
  for (const step of steps) {
    out.push(...stepBars(step, section, prefix, inWorker ? 2 : 0));
    collect(step.steps, section, prefix, inWorker, out, runEnd);
    const runs = subRuns(step);
    if (runs.length === 0) continue;
    const workers = inWorker ? section : `${prefix}${step.name}`;
    for (const w of runs)
      out.push(...workerBars(w, workers, inWorker ? `${prefix}${w.name} › ` : '', runEnd));
  }
}

function workerBars(
  w: WorkerResult,
  section: string,
  prefix: string,
  runEnd: number,
): TimelineBar[] {
  const out: TimelineBar[] = [];
  if (w.startMs !== undefined) {
    out.push({
      section,
      label: `${prefix}${w.name}`,
      startMs: w.startMs,
      durationMs: w.durationMs,
      kind: outcome(w.status),
      level: prefix ? 2 : 1,
    });
  }
  const inner = `${prefix}${w.name} › `;
  out.push(...serviceBars(w.services, section, inner, 2, (w.startMs ?? 0) + w.durationMs));
  collect(w.steps, section, inner, true, out, runEnd);
  return out;
}

/** Every bar of the run, in run order (sections in order of first appearance). */
export function timelineBars(run: RunResult): TimelineBar[] {
  const bars = serviceBars(run.services, 'Services', '', 0, firstStepStart(run) ?? run.durationMs);
  collect(run.steps, 'Steps', '', false, bars, run.durationMs);
  if (run.cleanup) {
    bars.push({
      section: 'Cleanup',
      label: 'namespace removed',
      ...run.cleanup,
      kind: 'cleanup',
      level: 0,
    });
  }
  return bars;
}

function firstStepStart(run: RunResult): number | undefined {
  const starts = run.steps.flatMap((s) => (s.startMs === undefined ? [] : [s.startMs]));
  return starts.length > 0 ? Math.min(...starts) : undefined;
}

/** The run's timeline with at most `maxBars` bars, whole levels dropped from the deepest. */
export function buildTimeline(run: RunResult, maxBars = MAX_CHART_BARS): Timeline {
  const all = timelineBars(run);
  let bars = all;
  for (const level of [2, 1, 0] as const) {
    if (bars.length <= maxBars) break;
    bars = bars.filter((b) => b.level < level);
  }
  const endMs = Math.max(run.durationMs, ...bars.map((b) => b.startMs + b.durationMs));
  return { bars, omitted: all.length - bars.length, endMs };
}
