// `shakedown plan <file…> [--name N] [--config k=v]… [--format yaml|json]`: prints the execution
// plan of one workflow on stdout. Exit 0 with a plan, 1 when the workflow or the config values
// have problems (listed on stderr with file:line:col), 2 on usage errors (see cli.ts).
import { parseArgs } from 'node:util';
import type { CliEnvironment } from '../../ports/cli-environment.js';
import { readWorkflowInputs, type WorkflowInputs } from '../workflow-inputs.js';
import { entrypointNotes } from '../../core/engine/entrypoint.js';
import { buildPlan, formatPlan, type PlanFormat } from '../../core/plan/index.js';
import {
  formatDiagnostic,
  formatNotice,
  loadWorkflows,
  type LoadResult,
  type LoadedWorkflow,
} from '../../core/spec/index.js';

const USAGE = `Usage: shakedown plan [options] <path…>

Prints the execution plan of a TestWorkflow: services and parallel workers expanded, container
defaults merged, and every expression that can be decided before the run evaluated. Paths are
files, directories or globs; the templates a workflow uses are read from among them and from
the YAML files beside them (same directory and its templates/).

Options:
  --name NAME         the workflow to plan when the inputs hold several
  --config KEY=VALUE  value of a spec.config parameter (repeatable)
  --format yaml|json  output format (default: yaml)
  -h, --help          show this help
`;

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

class UsageError extends Error {}

export async function planCommand(args: string[], env: CliEnvironment): Promise<number> {
  let options: {
    name?: string;
    config: Record<string, string>;
    format: PlanFormat;
    paths: string[];
  };
  try {
    const parsed = readArgs(args);
    if (parsed === 'help') {
      env.stdout(USAGE);
      return EXIT_OK;
    }
    options = parsed;
  } catch (error) {
    env.stderr(`shakedown plan: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  let inputs: WorkflowInputs;
  try {
    inputs = await readWorkflowInputs(env.files, options.paths);
  } catch (error) {
    env.stderr(`shakedown plan: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const result = loadWorkflows(inputs.files, inputs.beside);
  const choice = chooseWorkflow(result, options.name);
  if ('usage' in choice) {
    env.stderr(`shakedown plan: ${choice.usage}\n`);
    return EXIT_USAGE;
  }
  if ('invalid' in choice) {
    env.stderr(problems(result.diagnostics.map(formatDiagnostic)));
    return EXIT_INVALID;
  }

  const outcome = buildPlan(choice.workflow, {
    configValues: options.config,
    workflows: result.library,
  });
  if (!outcome.plan) {
    env.stderr(problems(outcome.diagnostics.map(formatDiagnostic)));
    return EXIT_INVALID;
  }
  for (const notice of outcome.notices) env.stderr(`${formatNotice(notice)}\n`);
  const others = result.diagnostics.filter((d) => d.file !== choice.workflow.file).length;
  if (others > 0) {
    env.stderr(
      `note: other documents of the inputs have ${others} problem(s); see 'shakedown validate'.\n`,
    );
  }
  for (const note of entrypointNotes(outcome.plan.steps)) env.stderr(`note: ${note}.\n`);
  env.stdout(formatPlan(outcome.plan, options.format));
  return EXIT_OK;
}

function readArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      config: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'yaml' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help' as const;
  if (values.format !== 'yaml' && values.format !== 'json') {
    throw new UsageError(`--format must be 'yaml' or 'json', not '${values.format}'.`);
  }
  if (positionals.length === 0) throw new UsageError('give at least one file, directory or glob.');
  const config = parseConfigPairs(values.config);
  return { name: values.name, config, format: values.format as PlanFormat, paths: positionals };
}

/** `--config KEY=VALUE` flags as a record; throws an error naming a malformed pair. */
export function parseConfigPairs(pairs: readonly string[]): Record<string, string> {
  const config: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(`--config '${pair}' is not KEY=VALUE (e.g. --config workers=3).`);
    }
    // A repeated key takes its last value, as users expect from overriding flags.
    config[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return config;
}

export type WorkflowChoice = { workflow: LoadedWorkflow } | { usage: string } | { invalid: true };

/**
 * The one workflow a command works on: the only one of the inputs, or the one --name picks.
 * `usage` is a usage error (exit 2); `invalid` means the chosen workflow has problems, listed
 * in the load result's diagnostics (exit 1).
 */
export function chooseWorkflow(result: LoadResult, name: string | undefined): WorkflowChoice {
  const declared = result.documents.filter((d) => d.kind === 'TestWorkflow');
  const names = [...new Set(declared.map((d) => d.name))];
  if (declared.length === 0) {
    return result.diagnostics.length > 0
      ? { invalid: true }
      : { usage: 'the inputs hold no TestWorkflow document.' };
  }
  if (name === undefined && names.length > 1) {
    return {
      usage: `the inputs hold several workflows; choose one with --name: ${names.join(', ')}`,
    };
  }
  const wanted = name ?? names[0]!;
  if (!names.includes(wanted)) {
    return { usage: `no workflow named '${wanted}' in the inputs; they hold: ${names.join(', ')}` };
  }
  const workflow = result.workflows.find((w) => w.name === wanted);
  return workflow ? { workflow } : { invalid: true };
}

function problems(lines: string[]): string {
  const count = `✗ ${lines.length} problem${lines.length === 1 ? '' : 's'}`;
  return `${[...lines, count].join('\n')}\n`;
}
