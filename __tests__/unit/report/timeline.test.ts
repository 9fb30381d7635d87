// The timeline chart, read back by Mermaid's own gantt parser (under jsdom, since Mermaid
// needs a DOM): every bar comes out as the task it should be, with its start and end.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { JSDOM } from 'jsdom';
import { join } from 'node:path';
import {
  GITLAB_NOTE_LIMIT_CHARS,
  fitCheckSummary,
  renderCheckSummary,
  renderComment,
  renderJobSummary,
} from '../../../src/core/report/index.js';
import { buildTimeline, type Timeline } from '../../../src/core/report/timeline.js';
import {
  ganttChart,
  ganttText,
  timelineSection,
} from '../../../src/core/report/timeline-mermaid.js';
import type { RunResult } from '../../../src/core/results/model.js';
import { passingRun } from '../results/samples.js';
import { expectGolden } from './golden.js';
import { fiftyWorkerRun, timed, timedFailingRun, timedPassingRun } from './timed-runs.js';

interface GanttTask {
  task: string;
  id: string;
  startTime: Date;
  endTime: Date;
  crit: boolean;
  done: boolean;
  active: boolean;
  section: string;
}
interface MermaidApi {
  initialize(config: object): void;
  parse(text: string): Promise<unknown>;
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ db: { getTasks(): GanttTask[] } }> };
}

let mermaid: MermaidApi;

beforeAll(async () => {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  mermaid = (await import('mermaid')).default as unknown as MermaidApi;
  mermaid.initialize({ startOnLoad: false });
});

/** The tasks Mermaid reads from a chart (parse throws on a syntax error). */
async function tasksOf(chart: string): Promise<GanttTask[]> {
  await mermaid.parse(chart);
  return (await mermaid.mermaidAPI.getDiagramFromText(chart)).db.getTasks();
}

async function expectChartOf(timeline: Timeline): Promise<void> {
  const tasks = await tasksOf(ganttChart(timeline));
  expect(tasks).toHaveLength(timeline.bars.length);
  for (const [i, bar] of timeline.bars.entries()) {
    const task = tasks[i]!;
    expect(task.section).toBe(ganttText(bar.section));
    expect(task.task.trim().startsWith(ganttText(bar.label))).toBe(true);
    expect(task.startTime.getTime()).toBe(Math.round(bar.startMs));
    expect(task.endTime.getTime()).toBe(
      Math.max(Math.round(bar.startMs) + 1, Math.round(bar.startMs + bar.durationMs)),
    );
    expect([!!task.crit, !!task.done, !!task.active]).toEqual([
      bar.kind === 'failed',
      bar.kind === 'passed',
      ['service', 'collect', 'cleanup'].includes(bar.kind),
    ]);
  }
}

const fromMarkdown = (markdown: string) => /```mermaid\n([\s\S]*?)```/.exec(markdown)?.[1];

describe('timeline chart', () => {
  it.each<[string, () => RunResult]>([
    ['a passing run', timedPassingRun],
    ['a failing run (retries, workers, optional and skipped steps)', timedFailingRun],
    ['a 50-worker run', fiftyWorkerRun],
  ])('of %s is read by Mermaid bar for bar', async (_name, make) => {
    const timeline = buildTimeline(make());
    expect(timeline.bars.length).toBeGreaterThan(3);
    await expectChartOf(timeline);
  });

  it('draws services, attempts, workers, artifact collection and cleanup, failures marked', () => {
    const bars = buildTimeline(timedFailingRun()).bars;
    const kinds = new Set(bars.map((b) => b.kind));
    expect([...kinds].sort()).toEqual(['cleanup', 'collect', 'failed', 'passed', 'service']);
    expect(bars.some((b) => / \(attempt 2\)$/.test(b.label))).toBe(true);
    expect(new Set(bars.map((b) => b.section))).toEqual(
      new Set(['Services', 'Steps', 'Go tests', 'Cleanup']),
    );
  });

  it('keeps names that look like gantt syntax as plain task names', async () => {
    const hostile = timed(passingRun());
    const hostileNames = [
      'section evil: x; y # z %% c',
      'dateFormat YYYY',
      '2024-01-01 starts like a date',
      'click me href "http://x"',
      '```` fence <b>bold</b> & `code`',
      ':',
    ];
    hostile.steps = hostileNames.map((name, i) => ({
      ...hostile.steps[0]!,
      name,
      attemptSpans: [{ startMs: 1000 * i, durationMs: 500, status: 'passed' }],
      collect: undefined,
    }));
    const timeline = buildTimeline(hostile);
    await expectChartOf(timeline);
    const names = ganttChart(timeline).split('\n').slice(4).join('\n');
    expect(names).not.toMatch(/[`<>&#;%"]/);
  });

  it('drops whole levels past the bar limit, deepest first, and counts them', async () => {
    const run = fiftyWorkerRun();
    const all = buildTimeline(run, 10_000);
    // 50 workers × 2 steps inside them (plus their collection) are level 2.
    const levels = all.bars.reduce((n, b) => n.set(b.level, (n.get(b.level) ?? 0) + 1), new Map());
    expect(levels.get(1)).toBe(50);
    const limited = buildTimeline(run, 80);
    expect(limited.bars.every((b) => b.level < 2)).toBe(true);
    expect(limited.bars.filter((b) => b.level === 1)).toHaveLength(50);
    expect(limited.omitted).toBe(all.bars.length - limited.bars.length);
    await expectChartOf(limited);
    expect(timelineSection(run, 80)).toContain(
      `${limited.omitted} bars (steps inside workers first) not drawn`,
    );
  });

  it('is left out of a run recorded without timings', () => {
    expect(timelineSection(passingRun())).toBe('');
    expect(renderCheckSummary(passingRun())).not.toContain('mermaid');
  });
});

describe('timeline in the reports', () => {
  it('is in the check summary, job summary, GitHub comment and GitLab note, and parses', async () => {
    for (const markdown of [
      renderCheckSummary(timedFailingRun()),
      renderJobSummary(timedFailingRun()),
      renderComment(timedFailingRun()),
      renderComment(timedFailingRun(), { limit: GITLAB_NOTE_LIMIT_CHARS }),
    ]) {
      const chart = fromMarkdown(markdown);
      expect(chart).toBe(ganttChart(buildTimeline(timedFailingRun())));
      await tasksOf(chart!);
    }
  });

  it('is given up first when the budget is tight: a note, then nothing, never a cut chart', () => {
    const run = timedFailingRun();
    const full = fitCheckSummary(run);
    const chartSize = Buffer.byteLength(timelineSection(run));
    const size = Buffer.byteLength(full.markdown);
    // Room for everything but the chart: every detail stays, the chart becomes a note.
    const tight = fitCheckSummary(run, { limit: size - chartSize + 300 });
    expect(tight.level).toBe('full');
    expect(tight.markdown).not.toContain('```mermaid');
    expect(tight.markdown).toContain('The timeline is left out');
    // Tighter still: detail goes, and no piece of the chart is left.
    for (const limit of [size - chartSize - 200, 5000, 2000, 800]) {
      const report = fitCheckSummary(run, { limit });
      expect(report.level).not.toBe('full');
      expect(report.markdown).not.toMatch(/mermaid|gantt|dateFormat/);
    }
  });
});

const GOLDEN = join(process.cwd(), '__tests__/unit/report/golden');

describe('golden reports with a timeline', () => {
  it.each([
    ['timeline-passing.job-summary.md', () => renderJobSummary(timedPassingRun())],
    ['timeline-failing.comment.md', () => renderComment(timedFailingRun())],
    ['timeline-fifty-workers.check-summary.md', () => renderCheckSummary(fiftyWorkerRun())],
    [
      'timeline-dropped.check-summary.md',
      () => {
        const run = timedFailingRun();
        const size = Buffer.byteLength(renderCheckSummary(run));
        return renderCheckSummary(run, {
          limit: size - Buffer.byteLength(timelineSection(run)) + 300,
        });
      },
    ],
  ])('%s', (name, render) => {
    expectGolden(GOLDEN, name, render());
  });
});
