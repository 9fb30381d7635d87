// The job summary of the step. GitHub refuses a step summary over 1 MiB with an error annotation
// and @actions/core does not check it, so each workflow gets an equal share of the budget and
// the renderer degrades within it; the sum is verified before writing.
import type { RunResult } from '../../core/results/model.js';
import type { ActionRuntime } from './action-runtime.js';
import { JOB_SUMMARY_MAX_BYTES } from './constants.js';

export type JobSummaryRenderer = (run: RunResult, options: { maxBytes: number }) => string;

const SEPARATOR = '\n\n';

export function jobSummary(results: RunResult[], render: JobSummaryRenderer): string {
  if (results.length === 0) return '';
  const share = Math.floor(
    (JOB_SUMMARY_MAX_BYTES - SEPARATOR.length * (results.length - 1)) / results.length,
  );
  const markdown = results.map((run) => render(run, { maxBytes: share })).join(SEPARATOR);
  if (Buffer.byteLength(markdown) > JOB_SUMMARY_MAX_BYTES) {
    // A renderer that ignores its budget must not cost the user the whole summary upload.
    throw new Error(
      `The job summary is ${Buffer.byteLength(markdown)} bytes, over GitHub's ${JOB_SUMMARY_MAX_BYTES}.`,
    );
  }
  return markdown;
}

export async function writeJobSummary(
  runtime: ActionRuntime,
  results: RunResult[],
  render: JobSummaryRenderer,
): Promise<void> {
  const markdown = jobSummary(results, render);
  if (markdown !== '') await runtime.appendSummary(markdown);
}
