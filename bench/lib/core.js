// Compiles src/core with tsc (only when a source is newer than the last build) and imports the
// compiled modules, so the benchmarks measure the same JavaScript the bundle contains without
// a TypeScript loader in the measured process. The output lives under node_modules/.cache,
// which git, ESLint and Prettier already ignore (a bench/.build folder would be linted).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(repo, 'node_modules', '.cache', 'shakedown-bench');
const stamp = join(outDir, 'built-at');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Set by a parent that has built already, so its children do not check again. */
export const BUILT_ENV = 'SHAKEDOWN_BENCH_BUILT';

export function ensureBuilt() {
  if (process.env[BUILT_ENV] === '1') return;
  const sources = Math.max(
    newestSource(join(repo, 'src', 'core')),
    newestSource(join(repo, 'src', 'ports')),
    statSync(join(repo, 'schema', 'testworkflow.schema.json')).mtimeMs,
  );
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return;
  process.stderr.write('bench: compiling src/core with tsc…\n');
  // Stamped with the start time, so a source saved during the build triggers the next one.
  const started = new Date();
  const tsc = spawnSync(
    process.execPath,
    [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repo, 'bench')],
    { encoding: 'utf8', cwd: repo },
  );
  // tsc still emits when a type is wrong; a type error elsewhere in the tree (work in
  // progress) should not stop a benchmark, but it is worth knowing about.
  if (tsc.status !== 0) {
    const output = `${tsc.stdout}${tsc.stderr}`.trim().split('\n');
    process.stderr.write(
      `bench: tsc reported problems; using what it emitted:\n${output.slice(0, 10).join('\n')}\n`,
    );
  }
  if (!existsSync(join(outDir, 'src', 'core', 'spec', 'index.js'))) {
    throw new Error('bench: tsc emitted nothing; see its output above');
  }
  writeFileSync(stamp, `${started.toISOString()}\n`);
  utimesSync(stamp, started, started);
}

/** Imports a compiled core module, e.g. `core('results')` → src/core/results/index.ts. */
export async function core(area) {
  ensureBuilt();
  return import(pathToFileURL(join(outDir, 'src', 'core', area, 'index.js')).href);
}
