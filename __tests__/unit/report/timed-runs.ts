// The sample runs with the timings the engine records (services waited for from 0.5 s, steps
// one after another, workers side by side, artifacts collected after a step, cleanup last),
// laid out deterministically from their durations, and a 50-worker run.
import type { RunResult, StepResult, WorkerResult } from '../../../src/core/results/model.js';
import { tallyRun } from '../../../src/core/results/totals.js';
import { failingRun, passingRun, run, service, step } from '../results/samples.js';

/** Places `steps` from `start` on; returns where the last one ended. */
function layOut(steps: StepResult[], start: number): number {
  let at = start;
  for (const s of steps) {
    if (s.status === 'skipped') continue;
    s.startMs = at;
    const runs: WorkerResult[] = [...(s.workers ?? []), ...(s.executions ?? [])];
    if (s.steps.length > 0 || runs.length > 0) {
      let end = layOut(s.steps, at);
      for (const [i, w] of runs.entries()) {
        w.startMs = end + 50 * i;
        const last = layOut(w.steps, w.startMs + 300);
        w.durationMs = last - w.startMs + 200;
      }
      end = Math.max(end, ...runs.map((w) => w.startMs! + w.durationMs));
      s.durationMs = end - at;
      at = end + 100;
      continue;
    }
    const attempts = Math.max(1, s.attempts);
    const each = Math.round(s.durationMs / attempts);
    s.attemptSpans = Array.from({ length: attempts }, (_, i) => ({
      startMs: at + i * (each + 800),
      durationMs: each,
      status: i === attempts - 1 ? s.status : 'failed',
    }));
    at += attempts * (each + 800);
    if (s.artifacts.length > 0 || s.suites.length > 0) {
      s.collect = { startMs: at, durationMs: 350 };
      at += 450;
    }
  }
  return at;
}

export function timed(r: RunResult): RunResult {
  const copy = structuredClone(r);
  for (const s of copy.services) s.startMs = 500;
  const ready = Math.max(500, ...copy.services.map((s) => 500 + (s.readyMs ?? 0)));
  const end = layOut(copy.steps, ready + 1500);
  copy.durationMs = Math.max(copy.durationMs, end + 500);
  copy.cleanup = { startMs: copy.durationMs - 300, durationMs: 2100 };
  return copy;
}

export const timedPassingRun = (): RunResult => timed(passingRun());
export const timedFailingRun = (): RunResult => timed(failingRun());

/** A parallel step of 50 workers, two steps each, one worker failing. */
export function fiftyWorkerRun(): RunResult {
  const workers: WorkerResult[] = Array.from({ length: 50 }, (_, i) => ({
    index: i,
    name: `worker ${i + 1}`,
    status: i === 36 ? 'failed' : 'passed',
    durationMs: 0,
    matrix: {},
    shard: { files: [`suite-${i + 1}.spec.ts`] },
    services: [],
    steps: [
      step('prepare', { durationMs: 400 + (i % 7) * 100 }),
      step('test', {
        durationMs: 2000 + ((i * 37) % 11) * 250,
        ...(i === 36 && { status: 'failed', exitCode: 1, message: 'exit code 1' }),
      }),
    ],
  }));
  const base = run({
    workflow: 'fifty-workers',
    status: 'failed',
    services: [service('postgres')],
    steps: [
      step('Seed', { durationMs: 1200 }),
      step('Shards', { status: 'failed', exitCode: undefined, workers }),
    ],
  });
  return timed({ ...base, tests: tallyRun(base) });
}
