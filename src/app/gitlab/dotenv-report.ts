// The job's outputs as an `artifacts:reports:dotenv` file, which GitLab turns into variables of
// later jobs. GitLab's parser is stricter than dotenv's
// (https://docs.gitlab.com/ci/yaml/artifacts_reports/#artifactsreportsdotenv): names of ASCII
// letters, digits and `_`; one line per variable, no empty lines or comments, no quoting (quotes
// would be kept as part of the value), no multi-line values; at most 5 KB in all. So values are
// written bare on one line (several workflows: space-separated, where the Action has lines), and
// a value that would not fit is dropped whole rather than cut: a half URL is worse than none.
// Empty values are left out.
import type { RunResult } from '../../core/results/model.js';
import type { ReportLinks } from '../../ports/reporter.js';
import { linesOf, namedTotals } from '../ci/run-totals.js';
import { OutputVariables } from './constants.js';

/** One workflow's run as the job reports it. */
export interface GitLabOutcome {
  result: RunResult;
  /** The run's folder inside the results directory, relative to the project directory. */
  resultsDir: string;
  links: ReportLinks;
}

export const DOTENV_MAX_BYTES = 5 * 1024;

export function outputValues(outcomes: GitLabOutcome[]): Record<string, string> {
  const results = outcomes.map((o) => o.result);
  const each = (pick: (o: GitLabOutcome) => string) => outcomes.map(pick).join(' ');
  return {
    // The counts mean what the Action's outputs mean, so they are computed by the same function.
    ...namedTotals(results, OutputVariables),
    [OutputVariables.namespace]: linesOf(outcomes.map((o) => o.result.namespace)),
    [OutputVariables.runId]: each((o) => o.result.runId),
    [OutputVariables.resultsDir]: each((o) => o.resultsDir),
    [OutputVariables.noteUrl]: linesOf(outcomes.map((o) => o.links.commentUrl)),
  };
}

/** The dotenv text; returns the names it had to leave out. */
export function renderDotenv(values: Record<string, string>): { text: string; dropped: string[] } {
  const lines: string[] = [];
  const dropped: string[] = [];
  let size = 0;
  for (const [name, raw] of Object.entries(values)) {
    // GitLab trims values; whitespace inside stays, so line breaks become spaces.
    const value = raw.replace(/[\r\n]+/g, ' ').trim();
    // An empty value says nothing a later job could not tell from an unset variable.
    if (value === '') continue;
    const line = `${name}=${value}\n`;
    const bytes = Buffer.byteLength(line);
    if (!/^[A-Za-z0-9_]+$/.test(name) || size + bytes > DOTENV_MAX_BYTES) {
      dropped.push(name);
      continue;
    }
    lines.push(line);
    size += bytes;
  }
  return { text: lines.join(''), dropped };
}
