// parallel.transfer, parallel.fetch and services.NAME.transfer → TransferPlan. As in Testkube's
// toolkit, each is resolved with the instance's own values (index, matrix, shard), `to` defaults
// to `from`, and `files` to every file under `from`. What needs run-time values stays a template.
import type { DynamicList, FetchSpec, TransferSpec } from '../spec/types.js';
import type { TransferPlan } from './model.js';
import type { PlanContext, Scope } from './resolver.js';

/** Testkube's default pattern: everything under `from`. */
export const ALL_FILES = '**/*';

/** At most this many entries per list, and patterns per entry: every input has a bound. */
export const MAX_TRANSFERS = 32;
export const MAX_TRANSFER_PATTERNS = 256;

export function buildTransfers(
  ctx: PlanContext,
  specs: (TransferSpec | FetchSpec)[] | undefined,
  path: string,
  scope: Scope,
): TransferPlan[] | undefined {
  if (!specs || specs.length === 0) return undefined;
  if (specs.length > MAX_TRANSFERS) {
    ctx.error(
      path,
      `at most ${MAX_TRANSFERS} entries are supported, but there are ${specs.length}`,
    );
    return undefined;
  }
  return specs.map((spec, i) => {
    const at = `${path}[${i}]`;
    const from = ctx.template(spec.from, `${at}.from`, scope);
    const to = spec.to === undefined ? from : ctx.template(spec.to, `${at}.to`, scope);
    const files = readFiles(ctx, spec.files, `${at}.files`, scope);
    const mount = 'mount' in spec ? spec.mount : undefined;
    return { from, to, files, ...(mount !== undefined && { mount }) };
  });
}

function readFiles(
  ctx: PlanContext,
  files: DynamicList | undefined,
  path: string,
  scope: Scope,
): string[] {
  if (files === undefined) return [ALL_FILES];
  let list: unknown[];
  if (Array.isArray(files)) list = files;
  else {
    const value = ctx.value(String(files), path, scope, 'the list of files');
    if (value === undefined) return [ALL_FILES];
    if (!Array.isArray(value)) {
      ctx.error(
        path,
        `must give a list of glob patterns, but '${files}' is ${JSON.stringify(value)}`,
      );
      return [ALL_FILES];
    }
    list = value;
  }
  if (list.length > MAX_TRANSFER_PATTERNS) {
    ctx.error(
      path,
      `at most ${MAX_TRANSFER_PATTERNS} patterns are supported, but there are ${list.length}`,
    );
    return [ALL_FILES];
  }
  if (list.length === 0) {
    ctx.error(path, 'must not be empty (leave it out to take every file)');
    return [ALL_FILES];
  }
  // Testkube takes non-string items as their JSON text.
  return list.map((item, i) =>
    typeof item === 'string' ? ctx.template(item, `${path}[${i}]`, scope) : JSON.stringify(item),
  );
}
