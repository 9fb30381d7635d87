// report.html as a person opens it: in Debian's headless Chromium with scripts disabled, for a
// passing and a failing run on the cluster and for a recorded 50-worker run rendered again by
// `shakedown report`. Nothing may leave the page; the outcome, the timeline and the failed test
// must be in the rendered DOM; a screenshot is taken (kept in the run's folder).
import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResults } from '../../../src/core/results/index.js';
import { CLI, EXAMPLES, ROOT, clusterOrFail, runCli, type CliRun } from '../run/run-cli.js';
import { openPage } from './chromium.js';

const FIXTURE = join(import.meta.dirname, 'fixtures/fifty-workers');

const PROBES = [
  `document.querySelector('#outcome')?.textContent ?? ''`,
  `document.querySelector('#counts')?.textContent ?? ''`,
  `document.querySelectorAll('#timeline .bar').length`,
  `[...document.querySelectorAll('#failed article')].map((a) => a.textContent)`,
  `document.body.innerText`,
  // Laid out, not just present: the timeline has a height and its bars a width.
  `document.querySelector('#timeline')?.getBoundingClientRect().height ?? 0`,
  `Math.max(...[...document.querySelectorAll('#timeline .bar')].map((b) => b.getBoundingClientRect().width))`,
];

async function open(folder: string) {
  const page = await openPage(join(folder, 'report.html'), PROBES);
  writeFileSync(join(folder, 'report.png'), page.screenshot);
  const [outcome, counts, bars, failed, text, height, widest] = page.values as [
    string,
    string,
    number,
    string[],
    string,
    number,
    number,
  ];
  // PNG signature, and more than a blank page's worth of pixels.
  expect(page.screenshot.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(page.screenshot.length).toBeGreaterThan(20_000);
  expect(page.requests).toEqual([]);
  expect(height).toBeGreaterThan(50);
  expect(widest).toBeGreaterThan(5);
  return { outcome, counts, bars, failed, text };
}

describe('report.html in Chromium', () => {
  let passing: CliRun;
  let failing: CliRun;

  beforeAll(async () => {
    await clusterOrFail();
    [passing, failing] = await Promise.all([
      runCli([join(EXAMPLES, 'report-passing.yaml')]),
      runCli([join(EXAMPLES, 'sharded.yaml')]),
    ]);
  });

  it('of a passing run: outcome, services, timeline, no request, config masked', async () => {
    expect(passing.code).toBe(0);
    expect(passing.stderr).toContain(`report: ${join(passing.out, 'report.html')}`);
    const page = await open(passing.out);
    expect(page.outcome).toContain('report-passing passed');
    expect(page.counts).toContain('1 passed');
    expect(page.bars).toBeGreaterThanOrEqual(4); // web, Smoke, its artifacts, cleanup
    expect(page.text).toMatch(/Services[\s\S]*web-0[\s\S]*ready/);
    expect(page.text).toContain('password');
    expect(readFileSync(join(passing.out, 'report.html'), 'utf8')).not.toContain('hunter2');
    expect(readFileSync(join(passing.out, 'results.json'), 'utf8')).not.toContain('hunter2');
  });

  it('of a failing run: the failed test first, with its message and the worker', async () => {
    expect(failing.code).toBe(1);
    const page = await open(failing.out);
    expect(page.outcome).toContain('sharded failed');
    expect(page.failed).toHaveLength(1);
    expect(page.failed[0]).toContain('delta');
    expect(page.failed[0]).toContain('delta is broken');
    expect(page.text.indexOf('Failed tests')).toBeLessThan(page.text.indexOf('Steps and logs'));
    // Three workers, each a bar, and the failing one marked.
    expect(page.bars).toBeGreaterThanOrEqual(3 + 3);
    expect(page.text).toMatch(/log: logs\/suite\/2\/\S+\.log/);
  });

  it('of a recorded 50-worker run, rendered again by `shakedown report`', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'shakedown-report-'));
    cpSync(FIXTURE, folder, { recursive: true });
    const cli = spawnSync(process.execPath, [CLI, 'report', join(folder, 'results.json')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(cli.stderr).toBe(`report: ${join(folder, 'report.html')}\n`);
    expect(cli.status).toBe(0);
    const run = parseResults(readFileSync(join(folder, 'results.json'), 'utf8'));
    const workers = run.steps.find((s) => s.workers)!.workers!;
    expect(workers).toHaveLength(50);
    // The Markdown with its chart, as the job summary shows it.
    expect(cli.stdout).toContain('```mermaid\ngantt\n');
    expect(cli.stdout).toContain('section Shards');
    const page = await open(folder);
    expect(page.outcome).toContain('fifty-workers failed');
    expect(page.bars).toBeGreaterThanOrEqual(50);
    expect(page.failed).toHaveLength(1);
    expect(page.failed[0]).toContain('expected 200, got 503');
    expect(page.failed[0]).toContain('tests/shard.spec.ts:42');

    // The chart as GitHub draws it: Mermaid itself (inlined, nothing fetched) renders a task
    // per bar in the browser.
    const chart = /```mermaid\n([\s\S]*?)```/.exec(cli.stdout)![1]!;
    const mermaid = readFileSync(join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js'), 'utf8');
    const drawn = join(folder, 'mermaid.html');
    writeFileSync(
      drawn,
      `<!doctype html><meta charset="utf-8"><body><script>${mermaid.replace(/<\/script/gi, '<\\/script')}</script></body>`,
    );
    const render = await openPage(
      drawn,
      [
        `mermaid.initialize({ startOnLoad: false }); mermaid.render('timeline', ${JSON.stringify(chart)}).then(({ svg }) => { document.body.innerHTML = svg; return document.querySelectorAll('rect.task').length; })`,
      ],
      { scripts: true },
    );
    expect(render.requests).toEqual([]);
    const tasks = chart.split('\n').filter((line) => /:.*b\d+, \d+, \d+$/.test(line));
    expect(tasks.length).toBeGreaterThanOrEqual(50);
    expect(render.values).toEqual([tasks.length]);
  });
});
