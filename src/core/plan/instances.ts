// How a group (a parallel step or a service) fans out into instances, following Testkube's
// toolkit (`GetParamsSpec`, `GetMatrixValues`, `GetShardValues`) so that a workflow gets the
// same workers here as there:
// - every matrix combination runs `shardCount` times; shards vary fastest, so instance
//   `index` has shard `index % shardCount` of combination `floor(index / shardCount)`;
// - the LAST matrix parameter varies fastest among combinations. Testkube iterates a Go map
//   (random order); we use declaration order so that plans are deterministic;
// - shard lists are cut into contiguous blocks, the first `length % shardCount` blocks one
//   value longer, and shards beyond the list length get an empty list;
// - a parameter whose list is empty is dropped, as Testkube does, instead of yielding zero
//   combinations;
// - `count` defaults to 1; `maxCount` lowers it to the shortest shard list.
import type { InstanceVariables } from './model.js';

export type ParamLists = ReadonlyArray<readonly [name: string, values: readonly unknown[]]>;

export interface Strategy {
  /** Declaration-ordered matrix parameters with their (already evaluated) lists. */
  matrix: ParamLists;
  /** Declaration-ordered shard parameters with their lists. */
  shards: ParamLists;
  /** Static number of shards per combination. */
  count?: number;
  /** Upper bound on the number of shards, lowered to the shortest shard list. */
  maxCount?: number;
}

/** Everything Testkube exposes to an instance's expressions. */
export interface Instance extends InstanceVariables {
  matrixIndex: number;
  matrixCount: number;
  shardIndex: number;
  shardCount: number;
}

/** How many shards each combination gets (Testkube's ParamsSpec.ShardCount). */
export function shardCount(strategy: Strategy): number {
  const lengths = nonEmpty(strategy.shards).map(([, values]) => values.length);
  const minShards = lengths.length > 0 ? Math.min(...lengths) : Infinity;
  let count = strategy.count;
  let maxCount = strategy.maxCount;
  if (count === undefined && maxCount === undefined) count = 1;
  if (count !== undefined && maxCount !== undefined && maxCount < count) {
    count = maxCount;
    maxCount = undefined;
  }
  if (maxCount !== undefined) count = Math.min(maxCount, minShards);
  return count!;
}

export function combinationCount(matrix: ParamLists): number {
  return nonEmpty(matrix).reduce((product, [, values]) => product * values.length, 1);
}

/** The values of every matrix parameter for one combination. */
export function matrixAt(matrix: ParamLists, combination: number): Record<string, unknown> {
  const params = nonEmpty(matrix);
  const result: Record<string, unknown> = {};
  let stride = 1;
  for (let i = params.length - 1; i >= 0; i--) {
    const [name, values] = params[i]!;
    result[name] = values[Math.floor(combination / stride) % values.length];
    stride *= values.length;
  }
  // Rebuild in declaration order: the loop above walks backwards.
  return Object.fromEntries(params.map(([name]) => [name, result[name]]));
}

/** One shard's block of each shard list. */
export function shardAt(
  shards: ParamLists,
  index: number,
  count: number,
): Record<string, unknown[]> {
  const result: Record<string, unknown[]> = {};
  for (const [name, values] of nonEmpty(shards)) {
    result[name] = shardBlock(values, index, count);
  }
  return result;
}

function shardBlock(values: readonly unknown[], index: number, count: number): unknown[] {
  const total = values.length;
  if (index >= total) return [];
  const size = Math.floor(total / count);
  const longer = total - size * count;
  const start = index < longer ? index * (size + 1) : longer + index * size;
  const length = index < longer ? size + 1 : size;
  return values.slice(start, start + length);
}

/** Every instance of the group, in index order. */
export function expandInstances(strategy: Strategy): Instance[] {
  const shards = shardCount(strategy);
  const combinations = combinationCount(strategy.matrix);
  const total = shards * combinations;
  const instances: Instance[] = [];
  for (let index = 0; index < total; index++) {
    const shardIndex = index % shards;
    const matrixIndex = Math.floor(index / shards);
    instances.push({
      index,
      count: total,
      matrix: matrixAt(strategy.matrix, matrixIndex),
      shard: shardAt(strategy.shards, shardIndex, shards),
      matrixIndex,
      matrixCount: combinations,
      shardIndex,
      shardCount: shards,
    });
  }
  return instances;
}

/** The variables an instance's expressions see (Testkube's ParamsSpec.MachineAt). */
export function instanceVars(instance: Instance): Record<string, unknown> {
  return {
    index: instance.index,
    count: instance.count,
    matrixIndex: instance.matrixIndex,
    matrixCount: instance.matrixCount,
    matrix: instance.matrix,
    shardIndex: instance.shardIndex,
    shardCount: instance.shardCount,
    shard: instance.shard,
  };
}

/** The names instanceVars defines, kept symbolic where instances are not known yet. */
export const INSTANCE_ROOTS = Object.keys(
  instanceVars({
    index: 0,
    count: 0,
    matrix: {},
    shard: {},
    matrixIndex: 0,
    matrixCount: 0,
    shardIndex: 0,
    shardCount: 0,
  }),
);

/** The model's part of an instance (the extra indices stay out of the printed plan). */
export function publicVariables(instance: Instance): InstanceVariables {
  return {
    index: instance.index,
    count: instance.count,
    matrix: instance.matrix,
    shard: instance.shard,
  };
}

function nonEmpty(params: ParamLists): ParamLists {
  return params.filter(([, values]) => values.length > 0);
}
