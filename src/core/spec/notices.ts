// Non-fatal notices: things a workflow asks for that Shakedown accepts but that behave
// differently in CI (e.g. Testkube triggers). They have a Diagnostic's shape, so they point at
// file:line:col the same way, but they never stop validate, plan or run; each is printed once.
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { diagnosticAt, type LoadedWorkflow } from './loaded-workflow.js';

export type Notice = Diagnostic;

/** `ℹ api.yaml:7:3 spec.events: …` */
export function formatNotice(notice: Notice): string {
  return `ℹ ${formatDiagnostic(notice)}`;
}

/** The notices a resolved workflow deserves, one per concern. */
export function workflowNotices(loaded: LoadedWorkflow): Notice[] {
  const notices: Notice[] = [];
  const events = loaded.workflow.spec.events ?? [];
  if (events.length > 0) {
    const crons = events.flatMap((e) => (e.cronjob ? [`'${e.cronjob.cron}'`] : []));
    const shown =
      crons.slice(0, 3).join(', ') + (crons.length > 3 ? ` and ${crons.length - 3} more` : '');
    const what = crons.length > 0 ? `cron ${shown}` : `${events.length} trigger(s)`;
    notices.push(
      diagnosticAt(
        loaded,
        'spec.events',
        `triggers (${what}) are ignored: in CI the pipeline decides when runs happen (schedule the pipeline instead)`,
      ),
    );
  }
  const spec = loaded.workflow.spec;
  if (spec.concurrency) {
    notices.push(
      diagnosticAt(
        loaded,
        'spec.concurrency',
        "is not enforced: Testkube's scheduler queues runs, Shakedown runs when the CI job runs (limit it with GitHub `concurrency:` or GitLab `resource_group`)",
      ),
    );
  }
  if (spec.execution?.silent !== undefined) {
    notices.push(
      diagnosticAt(
        loaded,
        'spec.execution.silent',
        'has no effect: Shakedown sends no webhooks, insights or metrics to keep the run out of',
      ),
    );
  }
  return sortDiagnostics(notices);
}
