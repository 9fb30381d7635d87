// A plain rendering for the reporter's HTTP contract tests; what the reports say is the report
// core's business and is tested there. This one only has to be honest about budgets.
import type { Annotation, Conclusion } from '../../../src/adapters/github/github-api.js';
import type { GitHubRendering } from '../../../src/adapters/github/github-rendering.js';
import type { RunResult, RunStatus, TestCase } from '../../../src/core/results/model.js';
import { walkSteps, walkSuites } from '../../../src/core/results/walk.js';

function cases(run: RunResult): TestCase[] {
  const all: TestCase[] = [];
  walkSteps(run.steps, ({ step }) => walkSuites(step.suites, (s) => void all.push(...s.cases)));
  return all;
}

function cut(text: string, max: (t: string) => number, limit: number): string {
  let out = text;
  while (max(out) > limit) out = out.slice(0, Math.floor(out.length * 0.9));
  return out;
}

const conclusions: Record<RunStatus, Conclusion> = {
  passed: 'success',
  failed: 'failure',
  cancelled: 'cancelled',
  timed_out: 'timed_out',
  error: 'failure',
};

export const testRendering: GitHubRendering = {
  runningTitle: (run) => `Running ${run.workflow}`,
  runningSummary: (run) => `Run ${run.runId} started at ${run.startedAt}.`,
  conclusion: (status) => conclusions[status],
  checkTitle: (run) => `${run.tests.passed} passed, ${run.tests.failed} failed`,
  checkSummary: (run, { maxBytes, omittedAnnotations }) =>
    cut(
      cases(run)
        .map((c) => `- ${c.status}: ${c.name}`)
        .concat(
          omittedAnnotations > 0 ? [`${omittedAnnotations} more failures were not annotated.`] : [],
        )
        .join('\n'),
      Buffer.byteLength,
      maxBytes,
    ),
  commentMarker: (workflow) => `<!-- shakedown:comment ${workflow} -->`,
  comment: (run, { maxChars, marker }) =>
    cut(
      `${marker}\n### ${run.workflow}: ${run.status}\n${JSON.stringify(run.links ?? {})}`,
      (t) => t.length,
      maxChars,
    ),
  annotations: (run, perRequest) => {
    const all: Annotation[] = cases(run)
      .filter((c) => c.status === 'failed' && c.file && c.line)
      .map((c) => ({
        path: c.file!,
        start_line: c.line!,
        end_line: c.line!,
        annotation_level: 'failure',
        title: c.name,
        message: c.message ?? 'failed',
      }));
    const batches: Annotation[][] = [];
    for (let i = 0; i < all.length; i += perRequest) batches.push(all.slice(i, i + perRequest));
    return { batches, omitted: 0 };
  },
};
