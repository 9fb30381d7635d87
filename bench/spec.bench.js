// loadWorkflows (parse YAML 1.1, schema, config parameters, expressions, templates) on
// workflows of growing size: time and memory per step should stay flat as the file grows.
import { Buffer } from 'node:buffer';
import { core } from './lib/core.js';
import { workflowYaml } from './lib/workflows.js';
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

const FOUR_MIB = 4 * 1024 * 1024;

await runBench({
  script: import.meta.url,
  title: 'Spec: loadWorkflows + validation',
  cases: [
    { label: '10 steps', steps: 10 },
    { label: '100 steps', steps: 100 },
    { label: '1000 steps', steps: 1000 },
    { label: '4 MiB file', bytes: FOUR_MIB },
    { label: '100 steps, 10% broken', steps: 100, broken: true },
    { label: '1000 steps, 10% broken', steps: 1000, broken: true },
  ],
  async measure(params) {
    const { loadWorkflows } = await core('spec');
    const { text, steps } = workflowYaml(params);
    const file = { path: 'bench.yaml', text };
    const warm = { path: 'warm.yaml', text: workflowYaml({ steps: 10 }).text };
    for (let i = 0; i < 20; i++) loadWorkflows([warm]);
    const memory = peakMemory(() => loadWorkflows([file]));
    const big = text.length > 1024 * 1024;
    const time = timeIt(() => loadWorkflows([file]), {
      warmup: big ? 1 : 3,
      minRuns: big ? 3 : 7,
      budgetMs: big ? 6000 : 2500,
    });
    return {
      steps,
      fileBytes: Buffer.byteLength(text),
      workflows: memory.value.workflows.length,
      diagnostics: memory.value.diagnostics.length,
      ...time,
      peakRssBytes: memory.peakRssBytes,
      retainedBytes: memory.retainedBytes,
    };
  },
  report(rows) {
    printTable(
      [
        'input',
        'steps',
        'file',
        'result',
        'median',
        'best',
        'runs',
        'per step',
        '× vs 100',
        '× vs 100 (best)',
        'MiB/s',
        'peak RSS Δ',
        'RSS/step',
        'kept heap/step',
      ],
      rows.map((r) => {
        const reference = rows.find(
          (x) => x.steps === 100 && !!x.params.broken === !!r.params.broken,
        );
        return [
          r.params.label,
          r.steps,
          bytes(r.fileBytes),
          r.workflows ? 'valid' : `${r.diagnostics} problems`,
          ms(r.medianMs),
          ms(r.minMs),
          r.runs,
          ms(r.medianMs / r.steps),
          ratio(r.medianMs / r.steps / (reference.medianMs / reference.steps)),
          ratio(r.minMs / r.steps / (reference.minMs / reference.steps)),
          (r.fileBytes / 1024 / 1024 / (r.medianMs / 1000)).toFixed(2),
          bytes(r.peakRssBytes),
          bytes(r.peakRssBytes / r.steps),
          keptPer(r.retainedBytes, r.steps),
        ];
      }),
    );
    const valid = rows.filter((r) => !r.params.broken);
    const hundred = valid.find((r) => r.steps === 100);
    const largest = valid[valid.length - 1];
    const median = hundred.medianMs / hundred.steps;
    const s = scaling(hundred.minMs / hundred.steps, largest.minMs / largest.steps);
    verdict(
      `time per step from 100 steps to ${largest.steps} steps (${bytes(largest.fileBytes)}): ${ratio(largest.medianMs / largest.steps / median)} (best runs ${ratio(s.ratio)}), ${s.words}; ` +
        `the ${bytes(largest.fileBytes)} file loads in ${ms(largest.medianMs)} with a peak of ${bytes(largest.peakRssBytes)} above baseline.`,
    );
  },
});
