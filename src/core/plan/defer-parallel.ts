// A parallel block whose count, matrix or shards call glob() cannot be expanded while planning:
// Testkube lists the files in the runner's container, where the repository was cloned. Its
// plan keeps what expanding needs, and the engine calls `expand` with the files it listed in
// the container that waits at the step; the same readInstances and buildParallel then make
// the workers, so they are what the planner would have made had it seen those files.
import { callsGlob, globFiles, globRoots } from '../expr/index.js';
import { formatDiagnostic } from '../spec/diagnostics.js';
import type { ParallelSpec } from '../spec/types.js';
import { buildParallel } from './build-parallel.js';
import type { StepSite } from './build-steps.js';
import type { DeferredExpansion, DeferredWorkers, ParallelPlan } from './model.js';
import { readInstances } from './strategy.js';

/** The fields of the block that call glob(), by their path under `parallel`. */
export function globFields(parallel: ParallelSpec): Record<string, string> {
  const fields: Record<string, string> = {};
  const add = (name: string, raw: unknown): void => {
    if (typeof raw === 'string' && callsGlob(raw)) fields[name] = raw;
  };
  add('count', parallel.count);
  add('maxCount', parallel.maxCount);
  for (const kind of ['matrix', 'shards'] as const) {
    for (const [name, raw] of Object.entries(parallel[kind] ?? {})) add(`${kind}.${name}`, raw);
  }
  return fields;
}

export function deferParallel(
  site: StepSite,
  parallel: ParallelSpec,
  path: string,
  owner: { id: string; label: string },
  fields: Record<string, string>,
  workingDir: string,
): ParallelPlan {
  const { ctx } = site;
  const build = (glob: (patterns: string[]) => string[], at: StepSite) => {
    const instances = readInstances(ctx, parallel, path, { ...at.scope, glob });
    return instances && buildParallel(at, parallel, path, owner, instances);
  };
  // A trial with one made-up file per pattern checks the rest of the block now, so validate
  // and plan report its problems before any run; its workers are dropped.
  const seen: string[] = [];
  const sample = (patterns: string[]): string[] => {
    seen.push(...patterns);
    const include = patterns.filter((p) => !p.startsWith('!'));
    return include.map((p) => (p.startsWith('/') ? p : `${workingDir}/${p}`));
  };
  build(sample, { ...site, serviceNames: new Map(site.serviceNames) });
  const expand = (files: readonly string[]): DeferredExpansion => {
    const listing = { files, workingDir };
    const before = ctx.diagnostics.length;
    const built = build((patterns) => globFiles(listing, patterns), site);
    const problems = ctx.diagnostics.splice(before).map(formatDiagnostic);
    return built && problems.length === 0 ? { ok: true, parallel: built } : { ok: false, problems };
  };
  const decidedAtRunTime = {
    fields,
    workingDir,
    roots: globRoots(seen, workingDir),
  } as DeferredWorkers;
  Object.defineProperty(decidedAtRunTime, 'expand', { value: expand, enumerable: false });
  return {
    // The real value is set by the expansion; until then, as requested (Testkube: all at once).
    parallelism: Math.max(1, parallel.parallelism ?? 1000),
    failFast: parallel.failFast ?? false,
    ...(parallel.paused === true && { paused: true }),
    workers: [],
    decidedAtRunTime,
  };
}
