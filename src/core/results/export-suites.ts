// The suites junit.xml and ctrf.json are written from: every suite that holds cases, named
// with the steps (and worker) it ran in, then the synthetic suite of unexplained failures.
// Flat, because not every consumer reads nested <testsuite> elements.
import type { RunResult, TestSuite } from './model.js';
import { outcomeSuite } from './step-cases.js';
import { walkSteps, walkSuites } from './walk.js';

export interface ExportSuite {
  suite: TestSuite;
  /** Step names (and worker name) then suite names, outermost first. */
  path: string[];
  step?: string;
  worker?: string;
}

export function exportSuites(run: RunResult): ExportSuite[] {
  const result: ExportSuite[] = [];
  walkSteps(run.steps, ({ step, stepPath, worker }) => {
    walkSuites(step.suites, (suite, suitePath) => {
      if (suite.cases.length === 0) return;
      result.push({
        suite,
        path: [...stepPath, ...suitePath],
        step: step.name,
        ...(worker ? { worker: worker.name } : {}),
      });
    });
  });
  const outcomes = outcomeSuite(run);
  if (outcomes) result.push({ suite: outcomes, path: [outcomes.name] });
  return result;
}
