// Expression throughput: evaluate, renderTemplate, partialTemplate (the planner's folding with
// runtime roots deferred) and checkTemplate on typical expressions, then templates holding
// 1 … 1000 expressions, where the time per expression should stay flat.
import { core } from './lib/core.js';
import { count, ms, printTable, ratio, runBench, scaling, timeIt, verdict } from './lib/harness.js';

const VARS = {
  config: { greeting: 'hello', region: 'eu-west-1', list: 'a,b,c,d', retries: 3, debug: false },
  workflow: { name: 'bench' },
  matrix: { browser: 'firefox', part: 2 },
  shard: { files: ['a.spec.ts', 'b.spec.ts', 'c.spec.ts'] },
  index: 4,
  count: 10,
  services: { db: [{ ip: '10.0.0.7', started: true }] },
  env: { HOME: '/root' },
};
const DEFERRED = ['services', 'env', 'passed', 'failed', 'always', 'never', 'self', 'status'];

const SHELL = `npx playwright test --project {{ matrix.browser }} --shard {{ matrix.part }}/{{ count }} \\
  --grep "{{ config.greeting }}" {{ join(shard.files, " ") }} && echo "db at {{ services.db.0.ip }}"`;

/** Operations on one expression or template; `fn` gets the expression API. */
const OPERATIONS = {
  'evaluate: a + 1': (x) => x.evaluate('index + 1', VARS),
  'evaluate: property path': (x) => x.evaluate('services.db.0.ip', VARS),
  'evaluate: ternary + functions': (x) =>
    x.evaluate(`len(config.region) > 3 ? join(split(config.list, ","), " ") : "short"`, VARS),
  'evaluate: shellquote + tojson': (x) =>
    x.evaluate('shellquote(config.greeting, tojson(matrix))', VARS),
  'renderTemplate: shell, 5 exprs': (x) =>
    x.renderTemplate(SHELL.replace('services.db.0.ip', 'config.region'), VARS),
  'partialTemplate: shell, 5 exprs, 1 deferred': (x) => x.partialTemplate(SHELL, VARS, DEFERRED),
  'partialEvaluate: condition': (x) =>
    x.partialEvaluate('config.debug || services.db.0.started && index < count', VARS, DEFERRED),
  'checkTemplate: shell, 5 exprs': (x) => x.checkTemplate(SHELL),
};

/** A template with `n` expressions (a third of them deferred) between runs of plain text. */
function longTemplate(n) {
  const parts = [];
  for (let i = 0; i < n; i++) {
    const expr =
      i % 3 === 0
        ? `services.db.0.ip + ":${i}"`
        : i % 3 === 1
          ? `config.greeting + "-${i}"`
          : `index * ${i} + len(shard.files)`;
    parts.push(`echo step ${i} --flag=value-${i} {{ ${expr} }}\n`);
  }
  return parts.join('');
}

const TEMPLATE_SIZES = [1, 10, 100, 1000];

await runBench({
  script: import.meta.url,
  title: 'Expressions: evaluate / renderTemplate / partialTemplate throughput',
  cases: [
    ...Object.keys(OPERATIONS).map((op) => ({ op })),
    ...TEMPLATE_SIZES.map((expressions) => ({ expressions })),
  ],
  async measure({ op, expressions }) {
    const x = await core('expr');
    if (op) {
      const fn = () => OPERATIONS[op](x);
      const time = timeIt(fn, { warmup: 2, batch: 2000, minRuns: 9, budgetMs: 1500 });
      return { ...time, sample: String(JSON.stringify(fn())).slice(0, 40) };
    }
    const template = longTemplate(expressions);
    const fn = () => x.partialTemplate(template, VARS, DEFERRED);
    const batch = Math.max(1, Math.round(2000 / expressions));
    const time = timeIt(fn, { warmup: 2, batch, minRuns: 9, budgetMs: 1500 });
    return { ...time, templateChars: template.length, outputChars: fn().length };
  },
  report(rows) {
    const ops = rows.filter((r) => r.params.op);
    printTable(
      ['operation', 'median', 'best', 'ops/s', 'result'],
      ops.map((r) => [
        r.params.op,
        ms(r.medianMs),
        ms(r.minMs),
        count(1000 / r.medianMs),
        r.sample,
      ]),
    );
    console.log();
    const sized = rows.filter((r) => r.params.expressions);
    const first = sized[0];
    printTable(
      ['partialTemplate', 'chars', 'median', 'best', 'per expression', '× vs 1', '× vs 1 (best)'],
      sized.map((r) => [
        `${r.params.expressions} expressions`,
        r.templateChars,
        ms(r.medianMs),
        ms(r.minMs),
        ms(r.medianMs / r.params.expressions),
        ratio(r.medianMs / r.params.expressions / first.medianMs),
        ratio(r.minMs / r.params.expressions / first.minMs),
      ]),
    );
    const last = sized[sized.length - 1];
    const s = scaling(first.minMs, last.minMs / last.params.expressions);
    const slowest = ops.reduce((a, b) => (a.medianMs > b.medianMs ? a : b));
    verdict(
      `every operation runs at ${count(1000 / slowest.medianMs)} ops/s or more (slowest: ${slowest.params.op}); ` +
        `a template of ${last.params.expressions} expressions costs ${ratio(s.ratio)} per expression of a one-expression template (best runs): ${s.words}.`,
    );
  },
});
