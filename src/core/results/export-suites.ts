// The suites junit.xml and ctrf.json are written from: every suite that holds cases, named
// with the steps (and worker) it ran in, then the synthetic suite of unexplained failures.
// Flat, because not every consumer reads nested <testsuite> elements. The child runs of an
// execute step are the exception: each is one suite of its own (named with its step and
// child run, holding the cases of all its reports, empty when it has none), so a reader sees
// one entry per child run.
import type { ChildRunResult, RunResult, TestSuite, WorkerResult } from './model.js';
import { outcomeSuite } from './step-cases.js';
import { walkSteps, walkSuites } from './walk.js';

export interface ExportSuite {
  suite: TestSuite;
  /** Step names (and worker name) then suite names, outermost first. */
  path: string[];
  step?: string;
  worker?: string;
}

function isChildRun(worker: WorkerResult | undefined): worker is ChildRunResult {
  return worker !== undefined && 'workflow' in worker;
}

export function exportSuites(run: RunResult): ExportSuite[] {
  const result: ExportSuite[] = [];
  const children = new Map<ChildRunResult, ExportSuite>();
  walkSteps(run.steps, ({ step, stepPath, worker, workerPath }) => {
    if (isChildRun(worker)) {
      let entry = children.get(worker);
      if (!entry) {
        entry = {
          suite: {
            name: worker.name,
            durationMs: worker.durationMs,
            properties: {
              'shakedown.workflow': worker.workflow,
              'shakedown.status': worker.status,
            },
            cases: [],
            suites: [],
          },
          path: workerPath ?? [worker.name],
          worker: worker.name,
        };
        children.set(worker, entry);
        result.push(entry);
      }
      const cases = entry.suite.cases;
      walkSuites(step.suites, (suite) =>
        cases.push(...suite.cases.map((c) => ({ ...c, classname: c.classname ?? suite.name }))),
      );
      return;
    }
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
