// Depth-first traversal of a run's step tree, including parallel workers and the child runs
// of execute steps (visited like workers: their name leads their steps' paths), so that every
// consumer (totals, flattening, writers, reports) sees steps in the same order with the same
// context.
import type { RunResult, StepResult, TestCase, TestSuite, WorkerResult } from './model.js';

export interface StepVisit {
  step: StepResult;
  /** Names of the steps leading to this one, outermost first, ending with its own. */
  stepPath: string[];
  /** The parallel worker (or child run) the step ran in, when it ran in one. */
  worker?: WorkerResult;
  /** Step names leading to that worker, ending with the worker's name. */
  workerPath?: string[];
  /** 0 for a top-level step. */
  depth: number;
}

/** A step's parallel workers, then its child runs (execute). */
export function subRuns(step: StepResult): WorkerResult[] {
  return [...(step.workers ?? []), ...(step.executions ?? [])];
}

/** Visits steps in run order: a step, then its nested steps, then its workers' and child runs' steps. */
export function walkSteps(steps: StepResult[], visit: (entry: StepVisit) => void): void {
  const go = (
    list: StepResult[],
    parents: string[],
    worker: WorkerResult | undefined,
    workerPath: string[] | undefined,
    depth: number,
  ) => {
    for (const step of list) {
      const stepPath = [...parents, step.name];
      visit({ step, stepPath, worker, ...(workerPath && { workerPath }), depth });
      go(step.steps, stepPath, worker, workerPath, depth + 1);
      for (const w of subRuns(step)) {
        const path = [...stepPath, w.name];
        go(w.steps, path, w, path, depth + 1);
      }
    }
  };
  go(steps, [], undefined, undefined, 0);
}

export interface FlatCase {
  testCase: TestCase;
  suite: TestSuite;
  /** Suite names from the outermost to the one holding the case. */
  suitePath: string[];
  step: StepResult;
  /** Step names (and the worker name) leading to the step, outermost first. */
  stepPath: string[];
  worker?: WorkerResult;
}

/** Calls `visit` for every suite in a list and the suites nested in it, outermost first. */
export function walkSuites(
  suites: TestSuite[],
  visit: (suite: TestSuite, suitePath: string[]) => void,
  parents: string[] = [],
): void {
  for (const suite of suites) {
    const suitePath = [...parents, suite.name];
    visit(suite, suitePath);
    walkSuites(suite.suites, visit, suitePath);
  }
}

/** Every test case of the run with the step, worker and suites it belongs to, in run order. */
export function flattenCases(run: RunResult): FlatCase[] {
  const cases: FlatCase[] = [];
  walkSteps(run.steps, ({ step, stepPath, worker }) => {
    walkSuites(step.suites, (suite, suitePath) => {
      for (const testCase of suite.cases) {
        cases.push({ testCase, suite, suitePath, step, stepPath, ...(worker ? { worker } : {}) });
      }
    });
  });
  return cases;
}
