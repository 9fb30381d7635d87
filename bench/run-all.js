// `npm run bench` runs every benchmark in turn; `npm run bench -- results report` runs the
// ones whose names contain a given word. Each script prints its own table and verdict.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './lib/core.js';

const here = dirname(fileURLToPath(import.meta.url));
const ORDER = ['spec', 'plan', 'expr', 'results', 'report', 'log-lines'];
const words = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((name) => name.endsWith('.bench.js'))
  .sort((a, b) => ORDER.indexOf(a.split('.')[0]) - ORDER.indexOf(b.split('.')[0]))
  .filter((name) => words.length === 0 || words.some((word) => name.includes(word)));

if (scripts.length === 0) {
  console.error(`no benchmark matches ${words.join(', ')}; there are: ${ORDER.join(', ')}`);
  process.exit(2);
}
ensureBuilt();
const started = performance.now();
let failed = 0;
for (const name of scripts) {
  const child = spawnSync(process.execPath, [join(here, name)], { stdio: 'inherit' });
  if (child.status !== 0) failed++;
}
console.log(
  `\n${scripts.length} benchmark(s) in ${((performance.now() - started) / 1000).toFixed(0)} s${failed ? `, ${failed} did not finish` : ''}.`,
);
process.exit(failed ? 1 : 0);
