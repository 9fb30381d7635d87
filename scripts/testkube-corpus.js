// npm run corpus -- <testkube checkout> [--json FILE] [--verbose] [--only NAME]
//
// Runs every TestWorkflow of a Testkube checkout's test/ folder through what `shakedown run`
// does before it creates anything — load and validate (with the official templates of
// k8s/templates/ beside them), plan with no --config, and the engine's pre-run checks — and
// prints how many would run and, for the rest, which refusal stops them, by feature. The
// checkout is not ours to ship: clone kubeshop/testkube anywhere and pass its path.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { URL } from 'node:url';
import { core } from '../bench/lib/core.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    // Just the workflows of that name (a quick look at one while working on it).
    only: { type: 'string' },
  },
});
const root = positionals[0];
if (!root) {
  process.stderr.write('usage: npm run corpus -- <testkube checkout> [--json FILE] [--verbose]\n');
  process.exit(2);
}

const spec = await core('spec');
const plan = await core('plan');
const engine = await import(
  new URL('../node_modules/.cache/shakedown-bench/src/core/engine/pod-builder.js', import.meta.url)
    .href
);

function yamlFiles(dir) {
  let out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out = out.concat(yamlFiles(path));
    } else if (/\.ya?ml$/.test(entry.name) && statSync(path).size < 4_000_000) out.push(path);
  }
  return out.sort();
}

const read = (path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') });
const templates = yamlFiles(join(root, 'k8s', 'templates')).map(read);
const inputs = yamlFiles(join(root, 'test'))
  .map(read)
  .filter((f) => /kind:\s*['"]?TestWorkflow(Template)?['"]?\s*$/m.test(f.text));
const WORKFLOW_KIND = /kind:\s*['"]?TestWorkflow['"]?\s*$/m;

/**
 * The feature a diagnostic refuses, as a short key: `spec.steps[2].parallel.transfer` →
 * `parallel.transfer`; messages that are not about a field keep their first words.
 */
function featureOf(d) {
  const refused = /^'([^']+)' is not supported/.exec(d.message);
  const unknown = /^unknown field '([^']+)'/.exec(d.message);
  const segments = d.path
    .replace(/\[[^\]]*\]/g, '')
    .split('.')
    .filter(Boolean);
  const keep = new Set(['pod', 'job', 'parallel', 'git', 'system', 'execution', 'env', 'use']);
  if (refused || unknown) {
    const name = (refused ?? unknown)[1];
    const parent = segments.length > 1 ? segments[segments.length - 2] : '';
    const key = keep.has(parent) ? `${parent}.${name}` : name;
    return unknown ? `unknown field ${key}` : key;
  }
  if (/entrypoint/.test(d.message)) return "image's own entrypoint";
  return d.message
    .split('\n')[0]
    .replace(/'[^']*'/g, "'…'")
    .replace(/\{\{.*?\}\}/g, '{{…}}')
    .slice(0, 70);
}

/** 1-based line where each YAML document of a file starts, for attributing diagnostics. */
function documentStarts(text) {
  const starts = [1];
  text.split('\n').forEach((line, i) => {
    if (/^---\s*$/.test(line)) starts.push(i + 2);
  });
  return starts;
}

/** Shared leading path segments: the corpus keeps one copy of a workflow per environment. */
function nearness(a, b) {
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length && x[n] === y[n]) n += 1;
  return n;
}

const rows = [];
for (const file of inputs) {
  if (values.only && !file.text.includes(`name: ${values.only}`)) continue;
  // Everything else is beside it, as a Testkube user has it all in the cluster: the workflows
  // that `execute` names and the templates kept in test/. Nearest first, since the first of
  // two same-named documents is the one taken.
  const others = inputs
    .filter((f) => f !== file)
    .sort((a, b) => nearness(file.path, b.path) - nearness(file.path, a.path));
  const result = spec.loadWorkflows([file], [...others, ...templates]);
  const starts = documentStarts(file.text);
  const docIndex = (line) => starts.filter((s) => s <= Math.max(line, 1)).length - 1;
  const docs = result.documents.filter((d) => d.kind === 'TestWorkflow' && d.file === file.path);
  // documents come in file order, as do the starts of the documents that hold one
  const docStarts = starts.filter((s, i) => {
    const body = file.text.split('\n').slice(s - 1, starts[i + 1] ? starts[i + 1] - 2 : undefined);
    return WORKFLOW_KIND.test(body.join('\n'));
  });
  docs.forEach((doc, i) => {
    if (values.only && doc.name !== values.only) return;
    const first = docIndex(docStarts[i] ?? 1);
    const own = result.diagnostics.filter(
      (d) => d.file === file.path && docIndex(d.line) === first,
    );
    const row = { file: file.path, name: doc.name, stage: 'validate', problems: own };
    rows.push(row);
    if (!doc.valid) return;
    const workflow = result.workflows.find(
      (w) => w.file === file.path && w.workflow.metadata.name === doc.name,
    );
    if (!workflow) return;
    row.stage = 'plan';
    const outcome = plan.buildPlan(workflow, { configValues: {}, workflows: result.library });
    if (!outcome.plan) {
      row.problems = outcome.diagnostics;
      return;
    }
    row.stage = 'pre-run';
    const refusals = engine.unrunnableSteps(outcome.plan.steps);
    if (refusals.length) {
      row.problems = refusals.map((message) => ({ path: '', message }));
      return;
    }
    row.stage = 'runnable';
    row.problems = [];
  });
}

const runnable = rows.filter((r) => r.stage === 'runnable').length;
const byFeature = new Map();
for (const row of rows.filter((r) => r.stage !== 'runnable')) {
  for (const feature of new Set(row.problems.map(featureOf))) {
    const entry = byFeature.get(feature) ?? { feature, workflows: 0, stage: row.stage };
    entry.workflows += 1;
    byFeature.set(feature, entry);
  }
}
const features = [...byFeature.values()].sort(
  (a, b) => b.workflows - a.workflows || a.feature.localeCompare(b.feature),
);

const pct = ((100 * runnable) / rows.length).toFixed(1);
console.log(
  `Testkube corpus: ${rows.length} TestWorkflows in ${inputs.length} files, ${templates.length} template files beside them`,
);
console.log(
  `runnable (validate, plan and pre-run checks pass): ${runnable} of ${rows.length} (${pct}%)`,
);
for (const stage of ['validate', 'plan', 'pre-run']) {
  console.log(`stopped at ${stage}: ${rows.filter((r) => r.stage === stage).length}`);
}
// Why the rest stop, coarsely: Testkube's own corpus keeps cases that are meant to fail there
// too, and some features exist only with Testkube's control plane.
const refused = rows.filter((r) => r.stage !== 'runnable');
const controlPlane = refused.filter((r) => r.problems.some((p) => /control plane/.test(p.message)));
const meantToFail = refused.filter(
  (r) => !controlPlane.includes(r) && /expected-fail/.test(`${r.name} ${r.file}`),
);
console.log(
  `of the ${refused.length} not runnable: ${controlPlane.length} need Testkube's control plane, ${meantToFail.length} are Testkube's own expected-failure cases, ${refused.length - controlPlane.length - meantToFail.length} other`,
);
if (features.length) {
  console.log('\n| refused by | workflows | stage |\n|---|---:|---|');
  for (const f of features) console.log(`| ${f.feature} | ${f.workflows} | ${f.stage} |`);
}
if (values.verbose) {
  for (const row of rows.filter((r) => r.stage !== 'runnable')) {
    console.log(`\n${row.file} ${row.name} (${row.stage})`);
    for (const p of row.problems.slice(0, 8)) console.log(`  ${p.path} ${p.message}`);
  }
}
if (values.json) {
  writeFileSync(
    values.json,
    `${JSON.stringify({ total: rows.length, runnable, features, workflows: rows }, null, 2)}\n`,
  );
}
