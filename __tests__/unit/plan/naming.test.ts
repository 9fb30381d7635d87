import {
  IdAllocator,
  deriveStepName,
  kubernetesName,
  scriptSummary,
  slugId,
  truncate,
  workerName,
} from '../../../src/core/plan/naming.js';
import { expandInstances } from '../../../src/core/plan/instances.js';

describe('display names', () => {
  it('summarises a script by its first command, skipping set -e and comments', () => {
    expect(scriptSummary('set -e\n# install\nnpm ci\nnpm test\n')).toBe('npm ci …');
    expect(scriptSummary('  pytest -q  ')).toBe('pytest -q');
  });

  it('truncates long text with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcd', 4)).toBe('abcd');
    expect(deriveStepName({ shell: 'x'.repeat(100) })).toHaveLength(60);
  });

  it('derives a name from what the step runs', () => {
    expect(deriveStepName({ shell: 'npm test' })).toBe('npm test');
    expect(deriveStepName({ command: ['curl', '-f'], args: ['http://api'] })).toBe(
      'curl -f http://api',
    );
    expect(deriveStepName({ image: 'postgres:16' })).toBe('Run postgres:16');
    expect(deriveStepName({ image: 'curl', args: ['-f', 'x'] })).toBe('curl -f x');
    expect(deriveStepName({ image: 'curl', command: ['sh'], args: ['-c', 'x'] })).toBe('sh -c x');
    expect(deriveStepName({ parallelWorkers: 3 })).toBe('Parallel (3 workers)');
    expect(deriveStepName({ children: 1 })).toBe('Group (1 step)');
    expect(deriveStepName({ artifacts: true })).toBe('Upload artifacts');
    expect(deriveStepName({ delay: '5s' })).toBe('Delay 5s');
    expect(deriveStepName({})).toBe('Step');
  });
});

describe('step ids', () => {
  it('derive from names the way Testkube does', () => {
    expect(slugId('Run API tests (v2)')).toBe('run_api_tests_v2');
    expect(slugId('***')).toBe('step');
    expect(slugId('a'.repeat(50))).toHaveLength(40);
  });

  it('are made unique in spec order without taking explicit ids', () => {
    const ids = new IdAllocator();
    ids.reserve('tests_2');
    expect(ids.take('tests')).toBe('tests');
    expect(ids.take('tests')).toBe('tests_3');
    expect(ids.take('tests_2', true)).toBe('tests_2');
  });
});

describe('kubernetesName', () => {
  it('makes DNS-1123 labels', () => {
    expect(kubernetesName('My_DB.primary')).toBe('my-db-primary');
    expect(kubernetesName('--x--')).toBe('x');
    expect(kubernetesName('!!!')).toBe('x');
  });

  it('shortens long names to 63 characters keeping them apart with a hash', () => {
    const a = kubernetesName(`${'a'.repeat(70)}-1`);
    const b = kubernetesName(`${'a'.repeat(70)}-2`);
    expect(a).toHaveLength(63);
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(a).not.toBe(b);
    expect(kubernetesName(`${'a'.repeat(70)}-1`)).toBe(a);
  });
});

describe('workerName', () => {
  const [, second] = expandInstances({
    matrix: [['browser', ['chrome', 'firefox']]],
    shards: [['files', [1, 2, 3, 4, 5, 6]]],
    count: 3,
  });

  it('shows the position, matrix values and shard', () => {
    expect(workerName('e2e', second!)).toBe('e2e #2 (browser=chrome, shard 2/3)');
  });

  it('shows the description instead when one is given', () => {
    expect(workerName('e2e', second!, 'chrome part 2')).toBe('e2e #2 (chrome part 2)');
  });

  it('is just the position for a plain count', () => {
    expect(workerName('load', expandInstances({ matrix: [], shards: [], count: 2 })[1]!)).toBe(
      'load #2',
    );
  });
});
