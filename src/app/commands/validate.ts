// `shakedown validate <paths…>`: reads workflow files and reports every problem. Exit 0 when
// all are valid, 1 when any is not, 2 on usage errors (see cli.ts).
import { parseArgs } from 'node:util';
import type { CliEnvironment } from '../../ports/cli-environment.js';
import type { InputFile } from '../../ports/file-source.js';
import { readWorkflowInputs, type WorkflowInputs } from '../workflow-inputs.js';
import {
  formatDiagnostic,
  formatNotice,
  loadWorkflows,
  type Diagnostic,
  type Notice,
  type DocumentSummary,
  type LoadResult,
} from '../../core/spec/index.js';

const USAGE = `Usage: shakedown validate [options] <path…>

Checks TestWorkflow and TestWorkflowTemplate files (files, directories or globs) and reports
every problem with file:line:col. Templates used by the workflows are taken from the inputs
and from the YAML files beside them (same directory and its templates/ subdirectory).

Options:
  --format text|json  text (default): results and problems on stderr; json: a report on stdout
  -h, --help          show this help
`;

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

export async function validateCommand(args: string[], env: CliEnvironment): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    env.stderr(`shakedown validate: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    env.stdout(USAGE);
    return EXIT_OK;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    env.stderr(`shakedown validate: --format must be 'text' or 'json', not '${values.format}'.\n`);
    return EXIT_USAGE;
  }
  if (positionals.length === 0) {
    env.stderr(`shakedown validate: give at least one file, directory or glob.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  let inputs: WorkflowInputs;
  try {
    inputs = await readWorkflowInputs(env.files, positionals);
  } catch (error) {
    env.stderr(`shakedown validate: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const { files } = inputs;
  const result = loadWorkflows(files, inputs.beside);
  if (values.format === 'json')
    env.stdout(`${JSON.stringify(jsonReport(files, result), null, 2)}\n`);
  else env.stderr(textReport(files, result));
  return result.diagnostics.length === 0 ? EXIT_OK : EXIT_INVALID;
}

function textReport(files: InputFile[], result: LoadResult): string {
  const lines: string[] = [];
  for (const file of files) {
    const problems = result.diagnostics.filter((d) => d.file === file.path);
    if (problems.length > 0) {
      lines.push(...problems.map(formatDiagnostic));
      continue;
    }
    lines.push(
      `✓ ${file.path}: ${counts(result.documents.filter((d) => d.file === file.path))} valid`,
    );
    lines.push(...result.notices.filter((n) => n.file === file.path).map(formatNotice));
  }
  const invalid = new Set(result.diagnostics.map((d) => d.file)).size;
  if (invalid > 0) {
    const n = result.diagnostics.length;
    lines.push(`✗ ${plural(n, 'problem')} in ${plural(invalid, 'file')}`);
  }
  return `${lines.join('\n')}\n`;
}

function counts(documents: DocumentSummary[]): string {
  const workflows = documents.filter((d) => d.kind === 'TestWorkflow').length;
  const templates = documents.length - workflows;
  const parts = [plural(workflows, 'workflow')];
  if (templates > 0) parts.push(plural(templates, 'template'));
  return parts.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

interface JsonReport {
  valid: boolean;
  files: { file: string; valid: boolean; workflows: string[]; templates: string[] }[];
  diagnostics: (Diagnostic & { text: string })[];
  /** Non-fatal: accepted, but behaves differently in CI (e.g. ignored triggers). */
  notices: (Notice & { text: string })[];
}

function jsonReport(files: InputFile[], result: LoadResult): JsonReport {
  return {
    valid: result.diagnostics.length === 0,
    files: files.map((file) => {
      const docs = result.documents.filter((d) => d.file === file.path);
      return {
        file: file.path,
        valid: !result.diagnostics.some((d) => d.file === file.path),
        workflows: docs.filter((d) => d.kind === 'TestWorkflow').map((d) => d.name),
        templates: docs.filter((d) => d.kind === 'TestWorkflowTemplate').map((d) => d.name),
      };
    }),
    diagnostics: result.diagnostics.map((d) => ({ ...d, text: formatDiagnostic(d) })),
    notices: result.notices.map((n) => ({ ...n, text: formatNotice(n) })),
  };
}
