import { describe, expect, it } from '@jest/globals';
import {
  entrypointNotes,
  entrypointSteps,
  stepArgv,
  usesImageEntrypoint,
} from '../../../src/core/engine/entrypoint.js';
import { container, step } from './plan-fixtures.js';

const image = { entrypoint: ['/entry.sh', 'k6'], cmd: ['--help'] };
const exec = (over: Parameters<typeof container>[0]) => container({ shell: undefined, ...over });

describe('stepArgv: the command Kubernetes would have run', () => {
  it('neither command nor args: Entrypoint + Cmd', () => {
    expect(stepArgv(exec({}), image)).toEqual(['/entry.sh', 'k6', '--help']);
  });
  it('args replace Cmd', () => {
    expect(stepArgv(exec({ args: ['run', 'test.js'] }), image)).toEqual([
      '/entry.sh',
      'k6',
      'run',
      'test.js',
    ]);
  });
  it('empty args count as none, as in Kubernetes', () => {
    expect(stepArgv(exec({ args: [] }), image)).toEqual(['/entry.sh', 'k6', '--help']);
  });
  it('command replaces Entrypoint and Cmd, and needs no image config', () => {
    expect(stepArgv(exec({ command: ['k6'], args: ['run'] }))).toEqual(['k6', 'run']);
    expect(stepArgv(exec({ command: ['k6'] }), image)).toEqual(['k6']);
  });
  it('args alone with an image without Entrypoint run the args', () => {
    expect(stepArgv(exec({ args: ['sh', '-c', 'x'] }), { entrypoint: [], cmd: ['sh'] })).toEqual([
      'sh',
      '-c',
      'x',
    ]);
  });
  it("keeps the image's $(VAR) text literal, but not the step's own args", () => {
    const img = { entrypoint: ['echo', '$(HOME)'], cmd: ['$$x'] };
    expect(stepArgv(exec({}), img)).toEqual(['echo', '$$(HOME)', '$$$$x']);
    expect(stepArgv(exec({ args: ['$(HOME)'] }), img)).toEqual(['echo', '$$(HOME)', '$(HOME)']);
  });
  it('throws when the image was not read', () => {
    expect(() => stepArgv(exec({ image: 'k6:1' }))).toThrow(
      "entrypoint of image 'k6:1' was not read",
    );
  });
});

describe('entrypointSteps', () => {
  it('finds steps without command and shell, nested and in workers', () => {
    const entry = step('e', { container: exec({ image: 'k6:{{ matrix.v }}', args: ['run'] }) });
    const worker = {
      name: 'w',
      index: 1,
      count: 2,
      matrix: { v: '1' },
      shard: {},
      services: [],
      steps: [entry],
    };
    const par = step('p', {
      container: undefined,
      parallel: { parallelism: 1, failFast: false, workers: [worker] },
    });
    const nested = step('g', { container: undefined, steps: [entry] });
    const found = entrypointSteps([
      step('ok'),
      step('c', { container: exec({ command: ['x'] }) }),
      nested,
      par,
    ]);
    expect(found).toEqual([
      { path: 'spec.steps[e]', name: 'e', image: 'k6:{{ matrix.v }}', hasArgs: true },
      {
        path: 'spec.steps[e]',
        name: 'e',
        image: 'k6:{{ matrix.v }}',
        hasArgs: true,
        worker: { index: 1, count: 2, matrix: { v: '1' }, shard: {} },
      },
    ]);
    expect(usesImageEntrypoint(exec({ shell: 'x' }))).toBe(false);
    expect(entrypointNotes([entry])).toEqual([
      "spec.steps[e] ('e') runs the entrypoint of image 'k6:{{ matrix.v }}'; it is read from the image's registry when the run starts",
    ]);
  });
});
