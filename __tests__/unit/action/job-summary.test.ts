import { jobSummary } from '../../../src/app/action/job-summary.js';
import { JOB_SUMMARY_MAX_BYTES } from '../../../src/app/action/constants.js';
import { runResult } from './run-fixtures.js';

describe('jobSummary', () => {
  it('gives every workflow an equal share of the 1 MiB budget', () => {
    const budgets: number[] = [];
    const markdown = jobSummary(
      [runResult({ workflow: 'a' }), runResult({ workflow: 'b' })],
      (run, { maxBytes }) => {
        budgets.push(maxBytes);
        return `## ${run.workflow}`;
      },
    );
    expect(markdown).toBe('## a\n\n## b');
    expect(budgets).toEqual([(JOB_SUMMARY_MAX_BYTES - 2) / 2, (JOB_SUMMARY_MAX_BYTES - 2) / 2]);
  });

  it('refuses to write a summary GitHub would reject', () => {
    expect(() =>
      jobSummary([runResult()], ({ workflow }) => workflow + 'é'.repeat(JOB_SUMMARY_MAX_BYTES / 2)),
    ).toThrow(/over GitHub's 1048576/);
  });

  it('is empty without runs', () => {
    expect(jobSummary([], () => 'never')).toBe('');
  });
});
