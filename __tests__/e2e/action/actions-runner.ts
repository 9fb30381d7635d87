// Starts the bundled action the way the GitHub Actions runner does: `node dist/index.js` (and the
// post step `node dist/post/index.js`) with every input as INPUT_* (defaults from action.yml,
// overridden by `with:`), the GITHUB_*/RUNNER_* variables, an event payload file, and the
// GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY files the step writes to.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface StepRun {
  exitCode: number;
  stdout: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
}

export interface Job {
  /** GITHUB_* and RUNNER_* variables (and anything the job's env adds). */
  env: Record<string, string>;
  /** The token the runner resolves `${{ github.token }}` to. */
  token: string;
}

const root = process.cwd();

/** Fails with the command to run when the bundles are missing: the test runs what ships. */
export function requireBundles(): void {
  for (const bundle of ['dist/index.js', 'dist/post/index.js']) {
    if (!existsSync(join(root, bundle))) {
      throw new Error(`${bundle} is missing: run 'npm run build' first.`);
    }
  }
}

function inputDefaults(token: string): Record<string, string> {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [
      name,
      (input.default ?? '').replace('${{ github.token }}', token),
    ]),
  );
}

/** The `name<<delimiter` blocks @actions/core writes to GITHUB_OUTPUT and GITHUB_STATE. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const block = /^(.+?)<<(ghadelimiter_[\w-]+)\r?\n([\s\S]*?)\r?\n\2$/gm;
  for (const match of text.matchAll(block)) values[match[1]!] = match[3]!;
  return values;
}

function run(script: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, script)], { cwd: root, env });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

function stepEnv(job: Job, dir: string, inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    ...job.env,
    GITHUB_WORKSPACE: root,
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  for (const file of ['output', 'state', 'summary']) writeFileSync(join(dir, file), '');
  const all = { ...inputDefaults(job.token), ...inputs };
  for (const [name, value] of Object.entries(all)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return env;
}

/** The main step, then the post step with the state the main step saved. */
export async function runStep(job: Job, inputs: Record<string, string>): Promise<StepRun> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-runner-'));
  const env = stepEnv(job, dir, inputs);
  const { code, out } = await run('dist/index.js', env);
  return {
    exitCode: code,
    stdout: out,
    outputs: parseFileCommands(readFileSync(env.GITHUB_OUTPUT!, 'utf8')),
    state: parseFileCommands(readFileSync(env.GITHUB_STATE!, 'utf8')),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'),
  };
}

/** The post step: the runner passes the saved state as STATE_* variables. */
export async function runPostStep(
  job: Job,
  inputs: Record<string, string>,
  state: Record<string, string>,
): Promise<{ exitCode: number; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-runner-post-'));
  const env = stepEnv(job, dir, inputs);
  for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value;
  const { code, out } = await run('dist/post/index.js', env);
  return { exitCode: code, stdout: out };
}
