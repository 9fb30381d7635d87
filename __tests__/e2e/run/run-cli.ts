// Runs the bundled CLI (dist/cli/index.js) against the real cluster and reads what it wrote.
// Without a cluster these tests fail — they never skip: passing quietly would hide exactly
// the breakage they exist to catch.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ClientNodeKube } from '../../../src/adapters/kubernetes/client-node-kube.js';
import { connect } from '../../../src/adapters/kubernetes/connect.js';
import { parseResults } from '../../../src/core/results/index.js';
import type { RunResult } from '../../../src/core/results/model.js';
import type { KubePort } from '../../../src/ports/kube.js';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const CLI = join(ROOT, 'dist/cli/index.js');
export const EXAMPLES = join(ROOT, 'examples/e2e');

export async function clusterOrFail(): Promise<{ kube: KubePort; kubeconfig: string }> {
  const hint = 'start the local cluster with: eval "$(npm run -s cluster:up)"';
  const kubeconfig = process.env.KUBECONFIG;
  if (!kubeconfig || !existsSync(kubeconfig)) {
    throw new Error(`KUBECONFIG is not set or missing (CI=${process.env.CI ?? 'unset'}); ${hint}`);
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run 'npm run build' first`);
  const kube = new ClientNodeKube(await connect({ kubeconfig }));
  await kube.identity();
  return { kube, kubeconfig };
}

export interface CliRun {
  code: number | null;
  stderr: string;
  out: string;
  runId: string;
  /** results.json, validated against the shipped schema. */
  results(): RunResult;
  file(path: string): string;
  has(path: string): boolean;
}

export function newRunId(): string {
  return `e2e${randomBytes(4).toString('hex')}`.slice(0, 12);
}

/**
 * `shakedown run <args>` with its own output directory and run id. `onLine` sees stderr
 * lines as they come and may return a signal to send to the process.
 */
export function runCli(
  args: string[],
  options: {
    runId?: string;
    onLine?: (line: string) => NodeJS.Signals | undefined;
    env?: Record<string, string>;
  } = {},
): Promise<CliRun> {
  const out = mkdtempSync(join(tmpdir(), 'shakedown-e2e-'));
  const runId = options.runId ?? newRunId();
  const child = spawn(process.execPath, [CLI, 'run', ...args, '--out', out, '--run-id', runId], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let partial = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const signal = options.onLine?.(line);
      if (signal) child.kill(signal);
    }
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      const file = (path: string) => readFileSync(join(out, path), 'utf8');
      done({
        code,
        stderr,
        out,
        runId,
        results: () => parseResults(file('results.json')),
        file,
        has: (path) => existsSync(join(out, path)),
      });
    });
  });
}

/** `shakedown <command> <args>` (e.g. cleanup), with its exit code and stderr. */
export function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

/** Namespaces and (in `namespace`) pods, services and config maps the run left behind. */
export async function leftovers(
  kube: KubePort,
  runId: string,
  namespace?: string,
): Promise<string[]> {
  const selector = `shakedown.dev/run-id=${runId}`;
  const found = (await kube.listNamespaces(selector)).map((n) => `namespace ${n.metadata.name}`);
  if (namespace) {
    for (const kind of ['Pod', 'Service', 'ConfigMap']) {
      const events = kube.watch('v1', kind, namespace, selector, AbortSignal.timeout(3000));
      for await (const event of events) {
        if (event.type === 'ADDED') found.push(`${kind} ${event.object.metadata.name}`);
      }
    }
  }
  return found;
}
