// `shakedown report <results.json>`: renders an earlier run again — report.html beside its
// results.json (with the ends of the logs found there) and the Markdown report, timeline
// included, on stdout — without a cluster.
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import {
  GITLAB_NOTE_LIMIT_CHARS,
  renderCheckSummary,
  renderComment,
  renderJobSummary,
} from '../../core/report/index.js';
import { parseResults, type RunResult } from '../../core/results/index.js';
import type { CliEnvironment } from '../../ports/cli-environment.js';
import { HTML_REPORT_FILE, writeHtmlReport } from '../run/write-results.js';

const USAGE = `Usage: shakedown report [options] <results.json>

Renders an earlier run again from its results.json: writes report.html beside it (logs are
read from the same folder, as the run left them) and prints the Markdown report, timeline
included, on stdout.

Options:
  --markdown job-summary|check-summary|comment|gitlab-note
                      which Markdown report to print (default job-summary), each within
                      its platform's size limit
  -h, --help          show this help
`;

const MARKDOWN: Record<string, (run: RunResult) => string> = {
  'job-summary': (run) => renderJobSummary(run),
  'check-summary': (run) => renderCheckSummary(run),
  comment: (run) => renderComment(run),
  'gitlab-note': (run) => renderComment(run, { limit: GITLAB_NOTE_LIMIT_CHARS }),
};

export async function reportCommand(args: string[], env: CliEnvironment): Promise<number> {
  const fail = (message: string, code = 2) => {
    env.stderr(`shakedown report: ${message}\n`);
    return code;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        markdown: { type: 'string', default: 'job-summary' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    env.stdout(USAGE);
    return 0;
  }
  const render = MARKDOWN[values.markdown];
  if (!render) {
    return fail(
      `--markdown must be one of ${Object.keys(MARKDOWN).join(', ')}, not '${values.markdown}'.`,
    );
  }
  if (positionals.length !== 1) return fail(`give one results.json file.\n\n${USAGE}`);
  const file = positionals[0]!;
  if (!env.run) return fail('cannot read or write files here.');
  const folder = env.run.output(dirname(file));
  const text = await folder.readTail?.(basename(file));
  if (!text) return fail(`${file}: no such file.`);
  let run: RunResult;
  try {
    run = parseResults(text.text, file);
  } catch (error) {
    return fail((error as Error).message);
  }
  await writeHtmlReport(folder, run);
  env.stdout(render(run));
  env.stderr(`report: ${folder.locate(HTML_REPORT_FILE)}\n`);
  return 0;
}
