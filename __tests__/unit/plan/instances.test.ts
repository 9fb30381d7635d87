import {
  combinationCount,
  expandInstances,
  matrixAt,
  shardAt,
  shardCount,
} from '../../../src/core/plan/instances.js';

describe('shard distribution (Testkube GetShardValues)', () => {
  const values = [5, 10, 15, 20, 25];

  it('gives the first (length % count) shards one value more, in contiguous blocks', () => {
    const blocks = [0, 1, 2].map((i) => shardAt([['a', values]], i, 3).a);
    expect(blocks).toEqual([[5, 10], [15, 20], [25]]);
  });

  it('gives one value each and empty lists when there are more shards than values', () => {
    const blocks = [0, 1, 2, 3, 4].map((i) => shardAt([['a', [5, 10, 15]]], i, 5).a);
    expect(blocks).toEqual([[5], [10], [15], [], []]);
  });

  it('keeps every value exactly once across the shards', () => {
    for (let count = 1; count <= 8; count++) {
      const all = Array.from(
        { length: count },
        (_, i) => shardAt([['a', values]], i, count).a!,
      ).flat();
      expect(all).toEqual(values);
    }
  });

  it('splits every shard list independently', () => {
    expect(
      shardAt(
        [
          ['files', ['a', 'b', 'c', 'd']],
          ['ids', [1, 2]],
        ],
        1,
        2,
      ),
    ).toEqual({
      files: ['c', 'd'],
      ids: [2],
    });
  });
});

describe('shardCount (Testkube GetParamsSpec)', () => {
  const shards: [string, unknown[]][] = [['files', ['a', 'b', 'c', 'd']]];

  it('defaults to 1 without count and maxCount', () => {
    expect(shardCount({ matrix: [], shards })).toBe(1);
  });
  it('uses count as given, even beyond the number of values', () => {
    expect(shardCount({ matrix: [], shards, count: 6 })).toBe(6);
  });
  it('lowers maxCount to the shortest shard list', () => {
    expect(shardCount({ matrix: [], shards, maxCount: 10 })).toBe(4);
    expect(shardCount({ matrix: [], shards, maxCount: 3 })).toBe(3);
  });
  it('takes maxCount when it is below count', () => {
    expect(shardCount({ matrix: [], shards, count: 5, maxCount: 2 })).toBe(2);
  });
  it('uses maxCount as is without shards', () => {
    expect(shardCount({ matrix: [], shards: [], maxCount: 3 })).toBe(3);
  });
});

describe('matrix', () => {
  const matrix: [string, unknown[]][] = [
    ['os', ['linux', 'windows']],
    ['node', [18, 20, 22]],
  ];

  it('counts the cartesian product, ignoring empty lists', () => {
    expect(combinationCount(matrix)).toBe(6);
    expect(combinationCount([...matrix, ['none', []]])).toBe(6);
    expect(combinationCount([])).toBe(1);
  });

  it('varies the last parameter fastest, in declaration order', () => {
    const all = Array.from({ length: 6 }, (_, i) => matrixAt(matrix, i));
    expect(all).toEqual([
      { os: 'linux', node: 18 },
      { os: 'linux', node: 20 },
      { os: 'linux', node: 22 },
      { os: 'windows', node: 18 },
      { os: 'windows', node: 20 },
      { os: 'windows', node: 22 },
    ]);
    expect(Object.keys(all[0]!)).toEqual(['os', 'node']);
  });

  it('keeps object values whole', () => {
    const browsers = [{ driver: 'chrome' }, { driver: 'firefox' }];
    expect(matrixAt([['browser', browsers]], 1)).toEqual({ browser: { driver: 'firefox' } });
  });
});

describe('expandInstances', () => {
  it('runs every combination count times, shards varying fastest', () => {
    const instances = expandInstances({
      matrix: [['browser', ['chrome', 'firefox']]],
      shards: [['files', ['a', 'b', 'c']]],
      count: 2,
    });
    expect(
      instances.map((i) => [
        i.index,
        i.count,
        i.matrix.browser,
        i.shard.files,
        i.shardIndex,
        i.matrixIndex,
      ]),
    ).toEqual([
      [0, 4, 'chrome', ['a', 'b'], 0, 0],
      [1, 4, 'chrome', ['c'], 1, 0],
      [2, 4, 'firefox', ['a', 'b'], 0, 1],
      [3, 4, 'firefox', ['c'], 1, 1],
    ]);
    expect(instances[3]).toMatchObject({ matrixCount: 2, shardCount: 2 });
  });

  it('gives count plain instances without matrix or shards', () => {
    const instances = expandInstances({ matrix: [], shards: [], count: 3 });
    expect(instances.map((i) => [i.index, i.count, i.matrix, i.shard])).toEqual([
      [0, 3, {}, {}],
      [1, 3, {}, {}],
      [2, 3, {}, {}],
    ]);
  });

  it('gives no instance for count 0', () => {
    expect(expandInstances({ matrix: [['a', [1, 2]]], shards: [], count: 0 })).toEqual([]);
  });
});
