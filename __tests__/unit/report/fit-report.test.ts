// The work of fitting a report follows its budget, not the size of the run: what cannot fit is
// never rendered. Counted by what the renderers read of the run (a failed test's name is read
// when its block is rendered, a step's message when its row is), not by timing.
import { closers } from '../../../src/core/report/budget.js';
import { fitCheckSummary, fitComment } from '../../../src/core/report/renderers.js';
import type { RunResult } from '../../../src/core/results/model.js';
import { walkSteps } from '../../../src/core/results/walk.js';
import { generatedRun } from './generated-runs.js';

/** Counts the reads of `key` on each object, from now on. */
function countReads<T extends object>(objects: T[], key: keyof T & string): () => number {
  let reads = 0;
  for (const object of objects) {
    let value = object[key];
    Object.defineProperty(object, key, {
      get: () => {
        reads++;
        return value;
      },
      set: (v: T[typeof key]) => (value = v),
      enumerable: true,
      configurable: true,
    });
  }
  return () => reads;
}

function failedCases(run: RunResult) {
  return run.steps
    .flatMap((s) => s.suites)
    .flatMap((suite) => suite.cases)
    .filter((c) => c.status !== 'passed' && c.status !== 'skipped');
}

function allSteps(run: RunResult) {
  const steps: RunResult['steps'] = [];
  walkSteps(run.steps, ({ step }) => steps.push(step));
  return steps;
}

describe('fitReport renders only what can fit', () => {
  it('renders a block for the failed tests shown and at most one more', () => {
    const run = generatedRun({ suites: 5, passingPerSuite: 100, failures: 3000 });
    const failures = failedCases(run);
    const passing = run.steps[0]!.suites[0]!.cases;
    const blockReads = countReads(failures, 'name');
    const listReads = countReads(passing, 'name');
    const fitted = fitCheckSummary(run);
    expect(fitted).toMatchObject({ level: 'failed', failuresTotal: 3000 });
    expect(fitted.failuresShown).toBeGreaterThan(10);
    // One read per block rendered: the ones shown, and the one that did not fit.
    expect(blockReads()).toBeLessThanOrEqual(fitted.failuresShown + 1);
    // The list of every test cannot fit with 3000 failures: it is never started.
    expect(listReads()).toBe(0);
  });

  it('stops the steps table at the row past the budget, then cuts as before', () => {
    const run = generatedRun({ steps: 3000, failedSteps: 3000, failures: 10 });
    const messageReads = countReads(allSteps(run), 'message');
    const fitted = fitComment(run);
    expect(fitted.level).toBe('truncated');
    expect(fitted.markdown.length).toBeLessThanOrEqual(65536);
    expect(closers(fitted.markdown)).toBe('');
    const rows = (fitted.markdown.match(/^\| ⚠️|^\| ❌/gm) ?? []).length;
    expect(rows).toBeGreaterThan(100);
    // Each level's table (every step, then the failed ones) stops one row past what fits, where
    // rendering all of them would read 3000 messages twice over.
    expect(messageReads()).toBeLessThan(3000);
  });

  it('still renders every test when everything fits', () => {
    const run = generatedRun({ suites: 2, passingPerSuite: 20, failures: 3 });
    const passing = run.steps[0]!.suites.flatMap((s) => s.cases).filter(
      (c) => c.status === 'passed',
    );
    const names = passing.map((c) => c.name);
    const listReads = countReads(passing, 'name');
    const fitted = fitCheckSummary(run);
    expect(fitted.level).toBe('full');
    expect(listReads()).toBe(passing.length);
    for (const name of names) expect(fitted.markdown).toContain(`✅ ${name} · `);
  });
});
