// buildPlan on a parallel step that fans out into 10, 100 and 1000 workers, as a matrix and as
// shards. Every worker gets its own services, steps and expressions, so the cost per worker
// should stay flat as the fan-out grows.
import { Buffer } from 'node:buffer';
import { core } from './lib/core.js';
import { parallelWorkflowYaml } from './lib/workflows.js';
import {
  bytes,
  keptPer,
  ms,
  peakMemory,
  printTable,
  ratio,
  runBench,
  scaling,
  timeIt,
  verdict,
} from './lib/harness.js';

const SIZES = [10, 100, 1000];

await runBench({
  script: import.meta.url,
  title: 'Plan: buildPlan with matrix and shards fan-out',
  cases: ['matrix', 'shards'].flatMap((kind) => SIZES.map((workers) => ({ kind, workers }))),
  async measure({ kind, workers }) {
    const { loadWorkflows, formatDiagnostic } = await core('spec');
    const { buildPlan } = await core('plan');
    const load = (text) => {
      const loaded = loadWorkflows([{ path: `${kind}.yaml`, text }]);
      if (loaded.workflows.length !== 1) {
        throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
      }
      return loaded.workflows[0];
    };
    const source = load(parallelWorkflowYaml({ workers, kind }));
    const warm = load(parallelWorkflowYaml({ workers: 10, kind }));
    const options = { configValues: {} };
    for (let i = 0; i < 20; i++) buildPlan(warm, options);
    const memory = peakMemory(() => buildPlan(source, options));
    const outcome = memory.value;
    const planned = outcome.plan?.steps[0]?.parallel?.workers.length ?? 0;
    const time = timeIt(() => buildPlan(source, options), {
      minRuns: workers >= 1000 ? 5 : 9,
      budgetMs: 3000,
    });
    return {
      workers: planned,
      diagnostics: outcome.diagnostics.length,
      planJsonBytes: outcome.plan ? Buffer.byteLength(JSON.stringify(outcome.plan)) : 0,
      ...time,
      peakRssBytes: memory.peakRssBytes,
      retainedBytes: memory.retainedBytes,
    };
  },
  report(rows) {
    printTable(
      [
        'fan-out',
        'workers',
        'median',
        'best',
        'runs',
        'per worker',
        '× vs 10',
        '× vs 10 (best)',
        'plan JSON/worker',
        'peak RSS Δ',
        'kept heap/worker',
      ],
      rows.map((r) => {
        const first = rows.find((x) => x.params.kind === r.params.kind);
        return [
          r.params.kind,
          r.diagnostics ? `${r.workers} (${r.diagnostics} problems)` : r.workers,
          ms(r.medianMs),
          ms(r.minMs),
          r.runs,
          ms(r.medianMs / r.workers),
          ratio(r.medianMs / r.workers / (first.medianMs / first.workers)),
          ratio(r.minMs / r.workers / (first.minMs / first.workers)),
          bytes(r.planJsonBytes / r.workers),
          bytes(r.peakRssBytes),
          keptPer(r.retainedBytes, r.workers),
        ];
      }),
    );
    const words = ['matrix', 'shards'].map((kind) => {
      const series = rows.filter((r) => r.params.kind === kind);
      const [first, last] = [series[0], series[series.length - 1]];
      const median = scaling(first.medianMs / first.workers, last.medianMs / last.workers);
      const best = scaling(first.minMs / first.workers, last.minMs / last.workers);
      return `${kind} ${first.workers}→${last.workers} workers: time per worker ${ratio(median.ratio)} (best runs ${ratio(best.ratio)}), ${best.words}`;
    });
    verdict(`${words.join('; ')}.`);
  },
});
