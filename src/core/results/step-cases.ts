// Failures that no test report explains — a step that crashed before writing JUnit, a service
// that never started, a run that errored — turned into test cases, so that junit.xml and
// ctrf.json (and GitLab's MR test widget, which reads only them) still show why a run failed.
import type { RunResult, ServiceResult, StepResult, TestCase, TestSuite } from './model.js';
import { isFailedCase, isFailingStatus } from './status.js';
import { subRuns, walkSteps, walkSuites } from './walk.js';

/** One line on why a step or service ended as it did, e.g. "OOMKilled (exit code 137): …". */
export function outcomeNote(
  item: Pick<StepResult, 'reason' | 'message'> & { exitCode?: number },
): string {
  const head = [item.reason, item.exitCode ? `exit code ${item.exitCode}` : undefined]
    .filter(Boolean)
    .join(', ');
  return [head, item.message].filter(Boolean).join(': ');
}

function hasFailedCase(step: StepResult): boolean {
  let failed = false;
  walkSuites(step.suites, (suite) => {
    if (suite.cases.some(isFailedCase)) failed = true;
  });
  return failed;
}

function stepCase(step: StepResult, stepPath: string[], classname: string): TestCase {
  const note = outcomeNote(step) || step.status;
  const base = { name: `step: ${stepPath.join(' › ')}`, classname, durationMs: step.durationMs };
  if (step.optional) {
    return { ...base, status: 'skipped', message: `optional step ${step.status}: ${note}` };
  }
  return {
    ...base,
    status: step.status === 'failed' ? 'failed' : 'error',
    message: note,
    type: step.reason ?? step.status,
    ...(step.logFile ? { details: `${note}\nLogs: ${step.logFile}` } : {}),
  };
}

function serviceCase(service: ServiceResult, classname: string): TestCase {
  const note = outcomeNote(service) || service.status;
  return {
    name: `service: ${service.instance}`,
    classname,
    status: 'error',
    message: note,
    type: service.reason ?? service.status,
    ...(service.logFile ? { details: `${note}\nLogs: ${service.logFile}` } : {}),
  };
}

/**
 * A suite of synthetic cases for the run's unexplained failures: the run's own error, services
 * that did not become ready, and failing leaf steps without a failed test case. Optional steps
 * that failed appear as skipped. Undefined when there is nothing to explain.
 */
export function outcomeSuite(run: RunResult): TestSuite | undefined {
  const classname = `shakedown.${run.workflow}`;
  const cases: TestCase[] = [];
  if (run.error && run.status !== 'passed' && run.status !== 'failed') {
    cases.push({
      name: `workflow: ${run.workflow}`,
      classname,
      status: 'error',
      message: run.error.message,
      type: run.error.reason ?? run.status,
      durationMs: run.durationMs,
    });
  }
  const services = [...run.services];
  walkSteps(run.steps, ({ step, stepPath }) => {
    for (const worker of subRuns(step)) services.push(...worker.services);
    const leaf = step.steps.length === 0 && subRuns(step).length === 0;
    if (leaf && isFailingStatus(step.status) && !hasFailedCase(step)) {
      cases.push(stepCase(step, stepPath, classname));
    }
  });
  for (const service of services) {
    if (service.status === 'failed' || service.status === 'timed_out') {
      cases.push(serviceCase(service, classname));
    }
  }
  return cases.length > 0 ? { name: `shakedown › ${run.workflow}`, cases, suites: [] } : undefined;
}
