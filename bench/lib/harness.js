// Measurement and reporting shared by the benchmark scripts. Each size runs in a fresh child
// process (started with --expose-gc), so one size's heap cannot hide or inflate another's
// peak memory; the parent collects one JSON row per child and prints the table and ratios.
// Nothing here asserts: figures are printed for a reader to judge.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BUILT_ENV, ensureBuilt } from './core.js';

const CHILD_FLAG = '--bench-child';
const ROW_MARK = '@@bench-row ';

/** Keeps results reachable so that the optimiser cannot drop the work that made them. */
export const sink = { value: undefined };

/** Two full collections: the second frees what the first one's finalisers let go. */
export function collect() {
  globalThis.gc();
  globalThis.gc();
}

/**
 * Median time of `fn` after `warmup` samples. Each sample times `batch` calls (for operations
 * too fast to time one by one); sampling stops after `maxRuns` or once `budgetMs` is spent
 * with at least `minRuns` samples.
 */
export function timeIt(
  fn,
  { warmup = 2, batch = 1, minRuns = 5, maxRuns = 25, budgetMs = 3000 } = {},
) {
  for (let i = 0; i < warmup; i++) for (let j = 0; j < batch; j++) sink.value = fn();
  const samples = [];
  const started = performance.now();
  while (
    samples.length < minRuns ||
    (samples.length < maxRuns && performance.now() - started < budgetMs)
  ) {
    const t0 = performance.now();
    for (let j = 0; j < batch; j++) sink.value = fn();
    samples.push((performance.now() - t0) / batch);
  }
  samples.sort((a, b) => a - b);
  const mid = samples.length >> 1;
  const medianMs = samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
  return { medianMs, minMs: samples[0], runs: samples.length };
}

function statusBytes(field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync('/proc/self/status', 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Linux lets a process reset its own peak RSS (VmHWM) by writing 5 to clear_refs. */
function resetPeakRss() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return statusBytes('VmHWM') !== undefined;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` once and reports how far the resident set rose above where it stood before (the
 * peak, including garbage made on the way) and how much heap its result keeps after a full
 * collection. Run it before timing: afterwards the heap is already grown and the peak hides.
 */
export function peakMemory(fn) {
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  const exact = resetPeakRss();
  const rssBefore = exact ? statusBytes('VmRSS') : process.memoryUsage().rss;
  const value = fn();
  const peak = exact ? statusBytes('VmHWM') : process.resourceUsage().maxRSS * 1024;
  collect();
  const retainedBytes = process.memoryUsage().heapUsed - heapBefore;
  sink.value = value;
  return { value, peakRssBytes: Math.max(0, peak - rssBefore), retainedBytes, exactPeak: exact };
}

/** The commit measured, marked when src/core has uncommitted changes. */
function commit() {
  const git = (...args) => spawnSync('git', args, { encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown commit';
  return git('status', '--porcelain', '--', 'src/core') ? `${head} + uncommitted changes` : head;
}

/**
 * Entry point of a benchmark script. In the parent: runs `measure(params)` for every case in
 * its own child process and hands the rows to `report`. In a child: measures one case.
 */
export async function runBench({ script, title, cases, measure, report }) {
  const file = fileURLToPath(script);
  const childAt = process.argv.indexOf(CHILD_FLAG);
  if (childAt >= 0) {
    if (typeof globalThis.gc !== 'function') throw new Error('children run with --expose-gc');
    const row = await measure(JSON.parse(process.argv[childAt + 1]));
    process.stdout.write(`${ROW_MARK}${JSON.stringify(row)}\n`);
    return;
  }
  const started = performance.now();
  console.log(`\n## ${title}`);
  console.log(
    `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), ${new Date().toISOString().slice(0, 10)}, src/core at ${commit()}\n`,
  );
  ensureBuilt();
  const loadBefore = loadavg()[0];
  const rows = [];
  for (const params of cases) {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', file, CHILD_FLAG, JSON.stringify(params)],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, [BUILT_ENV]: '1' },
      },
    );
    const line = child.stdout.split('\n').find((l) => l.startsWith(ROW_MARK));
    if (child.status !== 0 || !line) {
      console.log(`(case ${JSON.stringify(params)} did not finish: exit ${child.status})`);
      rows.push({ params, failed: true });
      continue;
    }
    rows.push({ params, ...JSON.parse(line.slice(ROW_MARK.length)) });
  }
  report(rows.filter((r) => !r.failed));
  const load = Math.max(loadBefore, loadavg()[0]);
  const busy = load > cpus().length ? '; the machine was busy, so medians are noisy' : '';
  console.log(
    `\n(${((performance.now() - started) / 1000).toFixed(1)} s in all; 1-minute load average up to ${load.toFixed(1)} on ${cpus().length} cores${busy})`,
  );
}

// ---------- formatting ----------

/** Three significant digits, in the unit that keeps the number readable. */
export function ms(value) {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (value >= 1000) return `${(value / 1000).toPrecision(3)} s`;
  if (value >= 1) return `${value.toPrecision(3)} ms`;
  if (value >= 0.001) return `${(value * 1000).toPrecision(3)} µs`;
  return `${(value * 1e6).toPrecision(3)} ns`;
}

export function bytes(value) {
  if (value === undefined || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1024 * 1024) return `${(value / 1024 / 1024).toPrecision(3)} MiB`;
  if (abs >= 1024) return `${(value / 1024).toPrecision(3)} KiB`;
  return `${Math.round(value)} B`;
}

/**
 * Heap kept per unit; totals under 512 KiB are within what a collection moves anyway (code,
 * feedback, caches), so they are shown as noise rather than as a figure.
 */
export function keptPer(totalBytes, units) {
  return Math.abs(totalBytes) < 512 * 1024 ? '(noise)' : bytes(totalBytes / units);
}

export function count(value) {
  if (value >= 1e6) return `${(value / 1e6).toPrecision(3)} M`;
  if (value >= 1e4) return `${(value / 1e3).toPrecision(3)} k`;
  return String(Math.round(value));
}

export function ratio(value) {
  return value === undefined || !Number.isFinite(value) ? '–' : `×${value.toFixed(2)}`;
}

/** A GitHub-flavoured markdown table (readable in a terminal, pasteable into the README). */
export function printTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
  console.log(line(headers));
  console.log(
    `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
  );
  for (const row of rows) console.log(line(row));
}

/**
 * How the cost per unit changed from the smallest to the largest size: ~1 means linear
 * scaling. Returns the ratio and a few words for the verdict.
 */
export function scaling(firstPerUnit, lastPerUnit) {
  const r = lastPerUnit / firstPerUnit;
  const words =
    r <= 1.5
      ? 'linear (cost per unit flat or falling)'
      : r <= 3
        ? 'slightly super-linear'
        : 'super-linear: worth a look';
  return { ratio: r, words };
}

export function verdict(text) {
  console.log(`\nVerdict: ${text}`);
}
