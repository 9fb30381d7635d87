// report.html as a page: parsed with jsdom (scripts off, as jsdom has them by default) and read
// the way a person would — what is on the page, in which order, and what is not.
import { describe, expect, it } from '@jest/globals';
import { JSDOM } from 'jsdom';
import { renderHtmlReport, type Logs } from '../../../src/core/report/html/html-report.js';
import { buildTimeline } from '../../../src/core/report/timeline.js';
import type { RunResult } from '../../../src/core/results/model.js';
import { ATTACKS, injectionRun } from './injection-run.js';
import { fiftyWorkerRun, timed, timedFailingRun, timedPassingRun } from './timed-runs.js';

const page = (run: RunResult, logs?: Logs) =>
  new JSDOM(renderHtmlReport(run, logs)).window.document;
const text = (doc: Document, selector: string) =>
  [...doc.querySelectorAll(selector)].map((e) => e.textContent ?? '');

describe('report.html', () => {
  it('tells the outcome and counts, and draws every timeline bar without scripts', () => {
    const run = timedFailingRun();
    const doc = page(run);
    expect(doc.querySelector('#outcome')!.textContent).toContain('checkout-api failed');
    expect(doc.querySelector('#counts')!.textContent).toContain(`${run.tests.failed} failed`);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    const bars = doc.querySelectorAll('#timeline .bar');
    expect(bars).toHaveLength(buildTimeline(run, 5000).bars.length);
    expect(doc.querySelectorAll('#timeline .bar.failed').length).toBeGreaterThan(0);
    const width = (bars[0] as HTMLElement).style.width;
    expect(width).toMatch(/%$/);
  });

  it('lists failed tests first, with messages and stack locations', () => {
    const doc = page(timedFailingRun());
    const order = [...doc.querySelectorAll('main > section')].map((s) => s.id);
    expect(order.slice(0, 2)).toEqual(['timeline-section', 'failed']);
    const failed = doc.querySelectorAll('#failed article.test');
    expect(failed.length).toBe(timedFailingRun().tests.failed + timedFailingRun().tests.errors);
    expect(text(doc, '#failed .locations code').some((l) => /:\d+$/.test(l))).toBe(true);
    expect(text(doc, '#failed .message').length).toBeGreaterThan(0);
  });

  it('shows flaky steps and skipped tests', () => {
    const doc = page(timedFailingRun());
    expect(doc.querySelector('#skipped')).not.toBeNull();
    const run = timedPassingRun();
    run.steps[0]!.attempts = 2;
    run.steps[0]!.attemptSpans = [
      { startMs: 100, durationMs: 10, status: 'failed' },
      { startMs: 200, durationMs: 10, status: 'passed' },
    ];
    expect(page(run).querySelector('#flaky')!.textContent).toContain(
      `${run.steps[0]!.name} passed on attempt 2`,
    );
  });

  it('shows the end of each log with the path of the full file, and services with readiness', () => {
    const run = timedPassingRun();
    const file = run.steps[0]!.logFile!;
    const doc = page(run, new Map([[file, { text: 'last line\n', size: 100_000 }]]));
    const log = doc.querySelector('#steps details.log')!;
    expect(log.textContent).toContain('last 10 of 100000 bytes; full log: ' + file);
    expect(log.querySelector('a')!.getAttribute('href')).toBe(file);
    expect(log.querySelector('pre')!.textContent).toBe('last line\n');
    expect(text(doc, '#services tbody tr')[0]).toMatch(/postgres-0\s*ready\s*4\.2s/);
  });

  it('shows the config as recorded, sensitive values masked by the run', () => {
    const run = { ...timedPassingRun(), config: { token: '***', region: 'eu' } };
    expect(text(page(run), '#config td')).toEqual(['token', '***', 'region', 'eu']);
  });

  it('keeps every hostile text inert and loads nothing', () => {
    const html = renderHtmlReport(timed(injectionRun()));
    const doc = new JSDOM(html).window.document;
    expect(doc.querySelectorAll('script, img, iframe, object, link, style ~ style')).toHaveLength(
      0,
    );
    expect(doc.querySelectorAll('[onerror], [src]')).toHaveLength(0);
    for (const a of doc.querySelectorAll('a'))
      expect(a.getAttribute('href')).not.toMatch(/^javascript:|evil/);
    const shown = doc.body.textContent ?? '';
    expect(shown).toContain('<script>alert("xss")</script>');
    expect(ATTACKS.length).toBeGreaterThan(10);
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!;
    expect(csp.getAttribute('content')).toMatch(/^default-src 'none';/);
  });

  it('renders a 50-worker run with a bar per worker', () => {
    const doc = page(fiftyWorkerRun());
    expect(text(doc, '#timeline .row .label').filter((l) => /^worker \d+$/.test(l))).toHaveLength(
      50,
    );
    expect(text(doc, '#failed h3').length).toBe(0);
    expect(text(doc, '#steps tbody tr').some((r) => r.includes('Shards › worker 37 › test'))).toBe(
      true,
    );
  });
});
