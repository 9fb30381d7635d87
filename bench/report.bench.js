// renderCheckSummary and renderComment for runs with 10 … 50,000 failed tests (as many passing):
// time, output size against the platform budget, and how far the report had to degrade. The
// last cases add 2000 passing steps (listed only in the detailed levels: the report drops to
// counts) and 3000 failed steps (listed even in counts: the report has to be cut).
import { Buffer } from 'node:buffer';
import { core } from './lib/core.js';
import { failingSuites, runResult } from './lib/test-results.js';
import {
  bytes,
  ms,
  peakMemory,
  printTable,
  ratio,
  runBench,
  scaling,
  timeIt,
  verdict,
} from './lib/harness.js';

const SIZES = [10, 100, 1_000, 10_000, 50_000];
const RENDERERS = ['check summary', 'comment'];

function extraSteps({ passedSteps, failedSteps }) {
  if (passedSteps) return ` + ${passedSteps} passing steps`;
  return failedSteps ? ` + ${failedSteps} failed steps` : '';
}

await runBench({
  script: import.meta.url,
  title: 'Reports: renderCheckSummary / renderComment within budget',
  cases: [
    ...SIZES.flatMap((failures) => RENDERERS.map((renderer) => ({ failures, renderer }))),
    ...RENDERERS.map((renderer) => ({ failures: 1000, passedSteps: 2000, renderer })),
    ...RENDERERS.map((renderer) => ({ failures: 1000, failedSteps: 3000, renderer })),
  ],
  async measure({ failures, passedSteps = 0, failedSteps = 0, renderer }) {
    const { tallyRun } = await core('results');
    const report = await core('report');
    const run = runResult(failingSuites(failures), tallyRun, {
      extraSteps: passedSteps + failedSteps,
      failing: failedSteps > 0,
    });
    const fit = renderer === 'check summary' ? report.fitCheckSummary : report.fitComment;
    // renderX(run) is fitX(run).markdown; fitX also says which detail level was reached.
    const render = renderer === 'check summary' ? report.renderCheckSummary : report.renderComment;
    const warm = runResult(failingSuites(100), tallyRun);
    for (let i = 0; i < 5; i++) render(warm);
    const memory = peakMemory(() => fit(run));
    const fitted = memory.value;
    const big = failures >= 10_000 || passedSteps + failedSteps > 0;
    const time = timeIt(() => render(run), {
      warmup: big ? 0 : 2,
      minRuns: 3,
      maxRuns: big ? 3 : 25,
      budgetMs: 3000,
    });
    const unit = renderer === 'check summary' ? 'bytes' : 'chars';
    return {
      tests: run.tests.total,
      ...time,
      size: unit === 'bytes' ? Buffer.byteLength(fitted.markdown) : fitted.markdown.length,
      unit,
      limit:
        renderer === 'check summary'
          ? report.CHECK_SUMMARY_LIMIT_BYTES
          : report.GITHUB_COMMENT_LIMIT_CHARS,
      level: fitted.level,
      shown: fitted.failuresShown,
      total: fitted.failuresTotal,
      peakRssBytes: memory.peakRssBytes,
    };
  },
  report(rows) {
    printTable(
      [
        'run',
        'renderer',
        'median',
        'best',
        'per failure',
        '× vs 100',
        '× vs 100 (best)',
        'output / budget',
        'fits',
        'level',
        'failures shown',
        'peak RSS Δ',
      ],
      rows.map((r) => {
        const ref = rows.find(
          (x) => x.params.failures === 100 && x.params.renderer === r.params.renderer,
        );
        const perFailure = (x, key) => x[key] / x.params.failures;
        return [
          `${r.params.failures} failed${extraSteps(r.params)}`,
          r.params.renderer,
          ms(r.medianMs),
          ms(r.minMs),
          ms(perFailure(r, 'medianMs')),
          ratio(perFailure(r, 'medianMs') / perFailure(ref, 'medianMs')),
          ratio(perFailure(r, 'minMs') / perFailure(ref, 'minMs')),
          `${r.size} / ${r.limit} ${r.unit} (${((100 * r.size) / r.limit).toFixed(1)}%)`,
          r.size <= r.limit ? 'yes' : 'NO',
          r.level,
          `${r.shown} / ${r.total}`,
          bytes(r.peakRssBytes),
        ];
      }),
    );
    const over = rows.filter((r) => r.size > r.limit);
    const levels = [...new Set(rows.map((r) => r.level))].join(', ');
    const words = RENDERERS.map((renderer) => {
      const series = rows.filter((r) => r.params.renderer === renderer && !extraSteps(r.params));
      const ref = series.find((r) => r.params.failures === 100);
      const last = series[series.length - 1];
      const s = scaling(ref.minMs / ref.params.failures, last.minMs / last.params.failures);
      return (
        `${renderer}: ${ms(last.medianMs)} and a peak of ${bytes(last.peakRssBytes)} for ${last.params.failures} failures ` +
        `(${bytes(last.peakRssBytes / last.params.failures)} per failure, for ${last.shown} shown), ` +
        `per failure ${ratio(s.ratio)} of 100 (best runs), ${s.words}`
      );
    });
    verdict(
      `${over.length === 0 ? 'every report fits its budget' : `${over.length} reports OVER budget`} (levels reached: ${levels}); ${words.join('; ')}.`,
    );
  },
});
