// ORACLE=/path/to/binary node scripts/expr-vectors.js --testkube <testkube checkout> [--count N] [--seed S]
//
// Records the expression vectors of __tests__/unit/expr/testkube-vectors.json: every expression
// that Testkube's own pkg/expressions tests compile (read from its *_test.go files as data),
// hand-picked cases where Testkube and JavaScript differ, and a seeded, deterministic set of
// generated expressions. Each case is piped as one JSON line {expr, template, vars} through the
// oracle program (a build of Testkube's expression package, not part of this repository), whose
// answer line {ok, value?, text?, type?, error?} is stored beside the case.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generate, VARS } from './lib/expr-generator.js';
import { HANDPICKED } from './lib/expr-handpicked.js';

const { values } = parseArgs({
  options: {
    testkube: { type: 'string' },
    count: { type: 'string', default: '1500' },
    seed: { type: 'string', default: '20261203' },
    out: { type: 'string', default: '__tests__/unit/expr/testkube-vectors.json' },
  },
});
const oracle = process.env.ORACLE;
if (!oracle || !values.testkube) {
  process.stderr.write(
    'usage: ORACLE=/path/to/oracle node scripts/expr-vectors.js --testkube <checkout>\n',
  );
  process.exit(2);
}

// Go string literals as they appear in the tests: raw `...` or interpreted "..." (JSON-compatible).
const CALL =
  /\b(MustCompileTemplate|MustCompile|CompileAndResolveTemplate|CompileAndResolve|CompileTemplate|Compile)\((`[^`]*`|"(?:[^"\\\n]|\\.)*")/g;

function testkubeCases(root) {
  const dir = join(root, 'pkg/expressions');
  const files = [
    ...readdirSync(dir).map((f) => join(dir, f)),
    ...readdirSync(join(dir, 'libs')).map((f) => join(dir, 'libs', f)),
  ].filter((f) => f.endsWith('_test.go'));
  const cases = [];
  const seen = new Set();
  for (const file of files.sort()) {
    for (const [, fn, literal] of readFileSync(file, 'utf8').matchAll(CALL)) {
      let expr;
      try {
        expr = literal.startsWith('`') ? literal.slice(1, -1) : JSON.parse(literal);
      } catch {
        continue; // a Go escape JSON does not know; not worth a parser of its own
      }
      const template = fn.includes('Template');
      const key = `${template}:${expr}`;
      if (seen.has(key)) continue;
      seen.add(key);
      cases.push({ source: 'testkube', expr, template, vars: {} });
    }
  }
  return cases;
}

async function record(cases) {
  const child = spawn(oracle, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const out = [];
  for (const c of cases) {
    child.stdin.write(JSON.stringify({ expr: c.expr, template: c.template, vars: c.vars }) + '\n');
    const { value: line, done } = await lines.next();
    if (done) throw new Error(`the oracle stopped at ${JSON.stringify(c.expr)}`);
    out.push({ ...c, testkube: JSON.parse(line) });
  }
  child.stdin.end();
  return out;
}

const cases = [
  ...testkubeCases(values.testkube),
  ...HANDPICKED.map((c) => ({ source: 'handpicked', vars: VARS, template: false, ...c })),
  ...generate(Number(values.seed), Number(values.count)).map((c) => ({
    source: 'generated',
    vars: VARS,
    ...c,
  })),
];
const vectors = await record(cases);
// One vector per line keeps diffs of a re-recording readable.
const text = `{"vars":${JSON.stringify(VARS)},"vectors":[\n${vectors
  .map((v) => JSON.stringify({ ...v, vars: v.vars === VARS ? undefined : v.vars }))
  .join(',\n')}\n]}\n`;
writeFileSync(values.out, text);
const counts = Object.groupBy(vectors, (v) => v.source);
process.stdout.write(
  `${vectors.length} vectors (${Object.entries(counts)
    .map(([k, v]) => `${k} ${v.length}`)
    .join(', ')}) written to ${values.out}\n`,
);
