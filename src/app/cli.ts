// The `shakedown` command line: parses the sub-command and hands over to one file per command.
// Exit codes are the contract CI relies on: 0 passed/valid, 1 failed/invalid, 2 usage or
// environment error.
import type { CliEnvironment } from '../ports/cli-environment.js';
import { validateCommand } from './commands/validate.js';
import { planCommand } from './commands/plan.js';
import { gitlabCommand } from './gitlab/gitlab-command.js';
import { runCommand } from './commands/run.js';
import { cleanupCommand } from './commands/cleanup.js';
import { versionCommand } from './commands/version.js';
import { reportCommand } from './commands/report.js';
import { maskedEnvironment } from './masked-environment.js';

export type Command = (args: string[], env: CliEnvironment) => Promise<number>;

const commands: Record<string, { run: Command; summary: string }> = {
  validate: { run: validateCommand, summary: 'check workflow files and report every problem' },
  plan: { run: planCommand, summary: 'print the execution plan of a workflow (YAML or JSON)' },
  run: { run: runCommand, summary: 'run a workflow in a Kubernetes cluster and write its results' },
  cleanup: { run: cleanupCommand, summary: 'remove what a killed run left in the cluster' },
  report: {
    run: reportCommand,
    summary: 'render report.html and the Markdown report of an earlier run again',
  },
  gitlab: { run: gitlabCommand, summary: 'run workflows in a GitLab CI job (the CI/CD component)' },
  version: { run: versionCommand, summary: 'print the version and the commit it was built from' },
};

const aliases: Record<string, string> = { '--version': 'version', '-v': 'version' };

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_ERROR = 2;

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: shakedown <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'shakedown <command> --help' for a command's options.\n`;
}

export async function runCli(argv: string[], given: CliEnvironment): Promise<number> {
  // Every command prints through the one masker of the process.
  const env = maskedEnvironment(given);
  const [first, ...rest] = argv;
  const name = first && (aliases[first] ?? first);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? env.stdout : env.stderr)(usage());
    return name ? EXIT_OK : EXIT_ERROR;
  }
  const command = commands[name];
  if (!command) {
    env.stderr(`shakedown: unknown command '${name}'.\n\n${usage()}`);
    return EXIT_ERROR;
  }
  try {
    return await command.run(rest, env);
  } catch (error) {
    env.stderr(`shakedown ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_ERROR;
  }
}
