import { describe, expect, it } from '@jest/globals';
import { planOf, problemsOf } from './helpers/workflow.js';

const globStep = (parallel: Record<string, unknown>) => ({
  name: 'tests',
  workingDir: '/data/repo',
  parallel: {
    container: { image: 'busybox:1.36' },
    shell: 'echo {{ join(shard.f, " ") }}',
    ...parallel,
  },
});

describe('parallel workers decided at run time (glob)', () => {
  it('keeps the block for the engine instead of workers, and says what decides them', () => {
    const plan = planOf({ steps: [globStep({ count: 2, shards: { f: 'glob("tests/*.txt")' } })] });
    const parallel = plan.steps[0]!.parallel!;
    expect(parallel.workers).toEqual([]);
    expect(parallel.decidedAtRunTime).toEqual({
      fields: { 'shards.f': 'glob("tests/*.txt")' },
      workingDir: '/data/repo',
      roots: ['/data/repo/tests'],
    });
    // The expander is not part of the printed plan.
    expect(JSON.stringify(parallel)).not.toContain('expand');
  });

  it('expands the listed files with the planner code: shards relative to the working dir', () => {
    const plan = planOf({ steps: [globStep({ count: 2, shards: { f: 'glob("tests/*.txt")' } })] });
    const files = ['/data/repo/tests/a.txt', '/data/repo/tests/b.txt', '/data/repo/tests/c.txt'];
    const expansion = plan.steps[0]!.parallel!.decidedAtRunTime!.expand([
      ...files,
      '/data/repo/tests/skip.md',
      '/data/other/d.txt',
    ]);
    if (!expansion.ok) throw new Error(expansion.problems.join('\n'));
    const { workers, parallelism } = expansion.parallel;
    expect(parallelism).toBe(2);
    expect(workers.map((w) => w.shard)).toEqual([{ f: files.slice(0, 2) }, { f: files.slice(2) }]);
    expect(workers.map((w) => w.steps[0]!.container!.shell)).toEqual([
      'echo /data/repo/tests/a.txt /data/repo/tests/b.txt',
      'echo /data/repo/tests/c.txt',
    ]);
  });

  it('resolves relative paths in the workers against the working directory, as Testkube does', () => {
    const plan = planOf({
      steps: [
        globStep({
          count: 2,
          shards: { f: 'glob("cypress/e2e/**/*.js")' },
          description: '{{ join(map(shard.f, "relpath(_.value, \\"cypress/e2e\\")"), ", ") }}',
        }),
      ],
    });
    const expansion = plan.steps[0]!.parallel!.decidedAtRunTime!.expand([
      '/data/repo/cypress/e2e/a.js',
      '/data/repo/cypress/e2e/sub/b.js',
    ]);
    if (!expansion.ok) throw new Error(expansion.problems.join('\n'));
    expect(expansion.parallel.workers.map((w) => w.name)).toEqual([
      'tests #1 (a.js)',
      'tests #2 (sub/b.js)',
    ]);
  });

  it('still refuses a relative relpath() base where the working directory is not known', () => {
    const problems = problemsOf({
      steps: [{ shell: 'echo {{ relpath("/data/a", "x") }}', container: { image: 'busybox' } }],
    });
    expect(problems.join('\n')).toMatch(/relpath\(\) of '\/data\/a' from 'x' depends on/);
  });

  it('gives a count from glob() too, and one worker with an empty shard when nothing matches', () => {
    const counted = planOf({
      steps: [globStep({ count: 'len(glob("/data/*.txt"))', shell: 'echo {{ index }}' })],
    });
    const three = counted.steps[0]!.parallel!.decidedAtRunTime!.expand([
      '/data/a.txt',
      '/data/b.txt',
      '/data/c.txt',
    ]);
    expect(three.ok && three.parallel.workers.map((w) => w.steps[0]!.container!.shell)).toEqual([
      'echo 0',
      'echo 1',
      'echo 2',
    ]);

    // As in Testkube, an empty shard list is dropped rather than giving zero workers.
    const plan = planOf({
      steps: [globStep({ shards: { f: 'glob("*.txt")' }, shell: 'echo {{ index }}' })],
    });
    const none = plan.steps[0]!.parallel!.decidedAtRunTime!.expand([]);
    expect(none.ok && none.parallel.workers.map((w) => w.shard)).toEqual([{}]);
  });

  it('reports a wrong value found at run time as a problem at the field', () => {
    const plan = planOf({
      steps: [globStep({ count: 'len(glob("*.txt")) - 1', shell: 'echo {{ index }}' })],
    });
    const expansion = plan.steps[0]!.parallel!.decidedAtRunTime!.expand([]);
    expect(expansion.ok).toBe(false);
    expect(!expansion.ok && expansion.problems.join('\n')).toMatch(
      /spec\.steps\[0\]\.parallel\.count: must be a whole number/,
    );
  });

  it('still refuses glob() outside count, matrix and shards of a parallel block', () => {
    const problems = problemsOf({
      steps: [
        { name: 'x', shell: 'echo {{ glob("*.txt") }}', container: { image: 'busybox' } },
        globStep({ shards: { f: 'glob("*.txt")' }, shell: 'echo {{ glob("*.md") }}' }),
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /spec\.steps\[0\]\.shell.*function 'glob' is not supported by Shakedown/,
      ),
      expect.stringMatching(
        /spec\.steps\[1\]\.parallel\.shell.*function 'glob' is not supported by Shakedown/,
      ),
    ]);
  });
});
