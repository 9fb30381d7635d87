// Reads a group's fan-out settings (count, matrix, shards) from the spec, evaluating what is
// written as expressions, so that instances.ts works on plain lists and numbers.
import type { DynamicList, ExecuteStrategy } from '../spec/types.js';
import { expandInstances, type Instance, type ParamLists } from './instances.js';
import type { PlanContext, Scope } from './resolver.js';

/** The group's instances; undefined when a setting is wrong (reported through ctx). */
export function readInstances(
  ctx: PlanContext,
  spec: ExecuteStrategy,
  path: string,
  scope: Scope,
): Instance[] | undefined {
  let ok = true;
  const count = readCount(ctx, spec.count, `${path}.count`, scope);
  const maxCount = readCount(ctx, spec.maxCount, `${path}.maxCount`, scope);
  const matrix = readParams(ctx, spec.matrix, `${path}.matrix`, scope);
  const shards = readParams(ctx, spec.shards, `${path}.shards`, scope);
  if (count === null || maxCount === null || !matrix || !shards) ok = false;
  if (!ok) return undefined;
  return expandInstances({
    matrix: matrix!,
    shards: shards!,
    count: count ?? undefined,
    maxCount: maxCount ?? undefined,
  });
}

/** undefined when absent, null when wrong. */
function readCount(
  ctx: PlanContext,
  raw: number | string | undefined,
  path: string,
  scope: Scope,
): number | undefined | null {
  if (raw === undefined) return undefined;
  const value = typeof raw === 'number' ? raw : ctx.value(raw, path, scope, 'count');
  if (value === undefined) return null;
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  ctx.error(path, `must be a whole number of instances (0 or more), but ${describe(raw, value)}`);
  return null;
}

function readParams(
  ctx: PlanContext,
  params: Record<string, DynamicList> | undefined,
  path: string,
  scope: Scope,
): ParamLists | undefined {
  if (!params) return [];
  const lists: [string, unknown[]][] = [];
  let ok = true;
  for (const [name, raw] of Object.entries(params)) {
    const at = `${path}.${name}`;
    if (Array.isArray(raw)) {
      lists.push([name, raw.map((item, i) => ctx.deep(item, `${at}[${i}]`, scope))]);
      continue;
    }
    const value = ctx.value(String(raw), at, scope, 'a list of values');
    if (Array.isArray(value)) lists.push([name, value]);
    else {
      if (value !== undefined)
        ctx.error(at, `must give a list of values, but ${describe(raw, value)}`);
      ok = false;
    }
  }
  return ok ? lists : undefined;
}

function describe(raw: unknown, value: unknown): string {
  const shown = JSON.stringify(value);
  return typeof raw === 'string' && raw !== shown ? `'${raw}' is ${shown}` : `it is ${shown}`;
}
